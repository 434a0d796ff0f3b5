#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64);} m SEC(".maps");
int g;
static __noinline int sub(int x) { return x * 3 + g; }
SEC("socket") int prog(struct __sk_buff *skb) {
  __u32 k = skb->len; __u64 *v = bpf_map_lookup_elem(&m, &k);
  if (v) { __sync_fetch_and_add(v, 1); if (*v > 5) return (unsigned)sub(k) / 7u; }
  __s64 s = (__s32)skb->mark; s >>= 3; s = (__u64)s % 9;
  return s + __builtin_bswap32(skb->hash) + (skb->len < 100 ? 1 : 2);
}
char LICENSE[] SEC("license") = "GPL";
