// SPDX-License-Identifier: GPL-2.0
/*
 * net_events -- TCP retransmits, resets, state changes and packet drops, from
 * tracepoints: per-CPU counters per peer and per drop reason, and ring buffer
 * events for alerts. Each program is independent: user space may leave out
 * (autoload off) the ones whose tracepoint the kernel lacks.
 *
 * Programs -- two attach paths, one program of each per tracepoint; load one
 * path, leave the other's autoload off. Both fill the same maps and events.
 *   tracepoint path (reads the tracepoint's record; the attach reads the
 *   tracepoint id from tracefs):
 *     ne_retransmit     SEC("tracepoint/tcp/tcp_retransmit_skb")
 *     ne_set_state      SEC("tracepoint/sock/inet_sock_set_state")
 *     ne_kfree_skb      SEC("tracepoint/skb/kfree_skb")       (drop reason: 5.17+)
 *     ne_receive_reset  SEC("tracepoint/tcp/tcp_receive_reset")
 *     ne_send_reset     SEC("tracepoint/tcp/tcp_send_reset")
 *   raw tracepoint path (4.17+, reads the tracepoint's arguments, the socket
 *   and the packet, with CO-RE; needs no tracefs: attached by name with
 *   BPF_RAW_TRACEPOINT_OPEN, so CAP_BPF + CAP_PERFMON suffice):
 *     ne_raw_retransmit     SEC("raw_tracepoint/tcp_retransmit_skb")   (sk, skb, ...)
 *     ne_raw_set_state      SEC("raw_tracepoint/inet_sock_set_state")  (sk, oldstate, newstate)
 *     ne_raw_kfree_skb      SEC("raw_tracepoint/kfree_skb")  (skb, location[, reason 5.17+, ...])
 *     ne_raw_receive_reset  SEC("raw_tracepoint/tcp_receive_reset")    (sk)
 *     ne_raw_send_reset     SEC("raw_tracepoint/tcp_send_reset")  (sk, skb[, reason 6.10+])
 *   The raw programs report what the tracepoints report: a full socket's
 *   local / remote address and port from its inet_sock / sock_common; a reset
 *   sent without a full socket takes them from the packet (reversed: the reset
 *   goes back to its source); the reset reason only where the kernel passes it
 *   (6.10+).
 *
 * Event kinds (enum ne_kind): 0 retransmit, 1 reset sent, 2 reset received,
 *   3 state change, 4 drop.  Bit (1 << kind) of ne_config.event_mask turns events on.
 *
 * Maps:
 *   ne_config   BPF_MAP_TYPE_ARRAY, 1 entry, key __u32 0, value struct ne_config (8 bytes):
 *                 event_mask @0 (__u32) which kinds become ring buffer events (0 = none)
 *                 flags @4 (__u32) bit 0: state-change events for every change
 *                             (otherwise only ESTABLISHED -> CLOSE);
 *                             bit 1: drop events also for reason NOT_SPECIFIED
 *                             (the running kernel's value: 2 on 6.18, 1 on 6.1)
 *   ne_peers    BPF_MAP_TYPE_LRU_PERCPU_HASH, 8192 entries,
 *               key struct ne_peer (20 bytes): addr[16] @0 (IPv4 in the first 4 bytes,
 *               network order), family @16 (__u16, AF_INET 2 / AF_INET6 10),
 *               port @18 (__u16, host order, remote port)
 *               -> value struct ne_peer_counts (40 bytes, per CPU):
 *                 retransmits @0, resets_sent @8, resets_received @16,
 *                 state_changes @24, aborts @32 (ESTABLISHED -> CLOSE) (__u64 each)
 *   ne_drops    BPF_MAP_TYPE_PERCPU_ARRAY, 1024 entries, key __u32 drop reason
 *               (enum skb_drop_reason value; >= 1023 counted at 1023), value __u64
 *   ne_lost     BPF_MAP_TYPE_PERCPU_ARRAY, 1 entry, key __u32 0, value __u64:
 *               events the ring buffer had no room for
 *   ne_events   BPF_MAP_TYPE_RINGBUF, 1 MiB, records struct ne_event (72 bytes):
 *                 ts_ns @0 (__u64, bpf_ktime_get_ns() = CLOCK_MONOTONIC)
 *                 kind @8 (__u32)
 *                 reason @12 (__u32: drop reason for drops, enum sk_rst_reason for
 *                   resets sent on 6.10+, else 0)
 *                 family @16 (__u16)  protocol @18 (__u16: IPPROTO_* for state
 *                   changes, ETH_P_* (skb->protocol, host order) for drops)
 *                 sport @20 (__u16) dport @22 (__u16)  host order, local / remote
 *                 oldstate @24 (__s32) newstate @28 (__s32)  TCP_* states
 *                   (state at the time for retransmits / resets sent, else 0)
 *                 saddr @32 (16 bytes) daddr @48 (16 bytes)  local / remote,
 *                   IPv4 in the first 4 bytes, network order
 *                 tgid @64 (__u32, current process, often 0 in softirq)
 *                 netns_ino @68 (__u32) inode number of the network namespace
 *                   (as stat(2) of /proc/PID/ns/net shows): the socket's for
 *                   TCP events (for a reset sent without a socket, the
 *                   packet's device's), the packet's device's (else its
 *                   socket's) for drops; 0 when unknown
 *
 * Counters (ne_peers, ne_drops) are host-wide: every network namespace's
 * events are counted in them, keyed without the namespace.
 */
#include "ebpf4j_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#define NE_AF_INET 2
#define NE_AF_INET6 10
#define NE_TCP_ESTABLISHED 1
#define NE_TCP_TIME_WAIT 6
#define NE_TCP_CLOSE 7
#define NE_TCP_NEW_SYN_RECV 12
#define NE_DROP_SLOTS 1024

enum ne_kind {
	NE_RETRANSMIT = 0,
	NE_RESET_SENT = 1,
	NE_RESET_RECEIVED = 2,
	NE_STATE_CHANGE = 3,
	NE_DROP = 4,
};

#define NE_FLAG_ALL_STATES 1
#define NE_FLAG_UNSPECIFIED_DROPS 2

struct ne_config {
	__u32 event_mask;
	__u32 flags;
};

struct ne_peer {
	__u8 addr[16];
	__u16 family;
	__u16 port;
};

struct ne_peer_counts {
	__u64 retransmits;
	__u64 resets_sent;
	__u64 resets_received;
	__u64 state_changes;
	__u64 aborts;
};

/* index of a counter in struct ne_peer_counts */
enum ne_counter {
	NE_C_RETRANSMITS = 0,
	NE_C_RESETS_SENT = 1,
	NE_C_RESETS_RECEIVED = 2,
	NE_C_STATE_CHANGES = 3,
	NE_C_ABORTS = 4,
};

struct ne_event {
	__u64 ts_ns;
	__u32 kind;
	__u32 reason;
	__u16 family;
	__u16 protocol;
	__u16 sport;
	__u16 dport;
	__s32 oldstate;
	__s32 newstate;
	__u8 saddr[16];
	__u8 daddr[16];
	__u32 tgid;
	__u32 netns_ino;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ne_config);
} ne_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 8192);
	__type(key, struct ne_peer);
	__type(value, struct ne_peer_counts);
} ne_peers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NE_DROP_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} ne_drops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} ne_lost SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1024 * 1024);
} ne_events SEC(".maps");

/* the peer's counters on this CPU, created zeroed on first use */
static __always_inline struct ne_peer_counts *peer_counts(struct ne_peer *peer)
{
	static const struct ne_peer_counts zero;
	struct ne_peer_counts *c = bpf_map_lookup_elem(&ne_peers, peer);

	if (c)
		return c;
	bpf_map_update_elem(&ne_peers, peer, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&ne_peers, peer);
}

/* adds one to the peer's counter (per CPU: no other CPU writes it) */
static __always_inline void bump(struct ne_peer *peer, enum ne_counter which)
{
	struct ne_peer_counts *c = peer_counts(peer);

	if (c)
		((__u64 *)c)[which] += 1;
}

/* the network namespace inode of a socket (0 for none) */
static __always_inline __u32 sk_netns(const void *skaddr)
{
	const struct sock *sk = skaddr;

	if (!sk)
		return 0;
	return BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
}

/* the network namespace inode of a packet: its device's, else its socket's, else 0 */
static __always_inline __u32 skb_netns(const void *skbaddr)
{
	const struct sk_buff *skb = skbaddr;
	struct net_device *dev;

	if (!skb)
		return 0;
	dev = BPF_CORE_READ(skb, dev);
	if (dev)
		return BPF_CORE_READ(dev, nd_net.net, ns.inum);
	return sk_netns(BPF_CORE_READ(skb, sk));
}

/* a socket's namespace, else (no socket: a reset sent for an unknown connection) its packet's */
static __always_inline __u32 sk_skb_netns(const void *skaddr, const void *skbaddr)
{
	return skaddr ? sk_netns(skaddr) : skb_netns(skbaddr);
}

/*
 * Events are built on the stack and copied into the ring buffer at the end
 * (bpf_ringbuf_output), not reserved up front: a reservation held across the
 * several "if (e)" checks below made older verifiers (Linux 6.1's, which does
 * not know that a checked ring buffer pointer stays non-NULL) see an
 * unreleased reference on a path that cannot happen, and refuse the program.
 */
static __always_inline void submit(struct ne_event *e)
{
	__u32 zero = 0;

	if (bpf_ringbuf_output(&ne_events, e, sizeof(*e), 0)) {
		__u64 *lost = bpf_map_lookup_elem(&ne_lost, &zero);

		if (lost)
			*lost += 1;
	}
}

/* completes a TCP event that carries one socket state, and submits it */
static __always_inline void submit_tcp(struct ne_event *e, int state)
{
	if (!e)
		return;
	e->oldstate = state;
	e->newstate = state;
	e->protocol = 6; /* IPPROTO_TCP */
	submit(e);
}

/*
 * The running kernel's SKB_DROP_REASON_NOT_SPECIFIED, by a CO-RE enum value
 * relocation, never a constant: 2 on 6.18, but 1 on 6.1, where 2 is NO_SOCKET.
 * Where the kernel has no such value (no drop reasons, before 5.17) a value no
 * reason takes (they are clamped below NE_DROP_SLOTS): every drop is an event.
 */
static __always_inline __u32 not_specified(void)
{
	if (bpf_core_enum_value_exists(enum skb_drop_reason, SKB_DROP_REASON_NOT_SPECIFIED))
		return bpf_core_enum_value(enum skb_drop_reason, SKB_DROP_REASON_NOT_SPECIFIED);
	return ~0U;
}

static __always_inline struct ne_config *config(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&ne_config, &zero);
}

static __always_inline int wants(struct ne_config *cfg, enum ne_kind kind)
{
	return cfg && (cfg->event_mask & (1U << kind));
}

/* the event in buf (the caller's stack), zeroed, of this kind, stamped now */
static __always_inline struct ne_event *new_event(struct ne_event *e, enum ne_kind kind)
{
	__builtin_memset(e, 0, sizeof(*e));
	e->ts_ns = bpf_ktime_get_ns();
	e->kind = kind;
	e->tgid = bpf_get_current_pid_tgid() >> 32;
	return e;
}

/*
 * Fills the peer key (and, when e is set, the event's addresses) from a TCP
 * tracepoint record with the common sport/dport/family/saddr/daddr/_v6 fields.
 * Works for any of the record structs through CO-RE relocations.
 */
#define NE_FILL_ADDRS(ctx, peer, e)						\
	do {									\
		__u16 fam = BPF_CORE_READ(ctx, family);				\
		(peer)->family = fam;						\
		(peer)->port = BPF_CORE_READ(ctx, dport);			\
		if (fam == NE_AF_INET6)						\
			bpf_core_read(&(peer)->addr, 16, &(ctx)->daddr_v6);	\
		else								\
			bpf_core_read(&(peer)->addr, 4, &(ctx)->daddr);		\
		if (e) {							\
			(e)->family = fam;					\
			(e)->sport = BPF_CORE_READ(ctx, sport);			\
			(e)->dport = (peer)->port;				\
			__builtin_memcpy((e)->daddr, (peer)->addr, 16);		\
			if (fam == NE_AF_INET6)					\
				bpf_core_read(&(e)->saddr, 16, &(ctx)->saddr_v6); \
			else							\
				bpf_core_read(&(e)->saddr, 4, &(ctx)->saddr);	\
		}								\
	} while (0)

/* peer, addresses and socket state from the tcp_event_sk_skb record (Linux < 6.10) */
static __always_inline int fill_sk_skb(void *raw, struct ne_peer *peer, struct ne_event *e)
{
	struct trace_event_raw_tcp_event_sk_skb *ctx = raw;

	NE_FILL_ADDRS(ctx, peer, e);
	if (e)
		e->netns_ino = sk_skb_netns(BPF_CORE_READ(ctx, skaddr), BPF_CORE_READ(ctx, skbaddr));
	return BPF_CORE_READ(ctx, state);
}

/*
 * The peer key and (when e is set) the event's addresses, ports and family from
 * a full socket, read as the tracepoints read them (TP_STORE_ADDR_PORTS): the
 * local port and IPv4 address from the inet_sock (inet_sport, inet_saddr; the
 * hash's skc_num may already be 0 when a socket closes), the rest from the
 * sock_common.
 */
static __always_inline void fill_sock(const struct sock *sk, struct ne_peer *peer, struct ne_event *e)
{
	const struct inet_sock *inet = (const struct inet_sock *)sk;
	__u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);

	peer->family = fam;
	peer->port = __builtin_bswap16(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (fam == NE_AF_INET6)
		bpf_core_read(&peer->addr, 16, &sk->__sk_common.skc_v6_daddr);
	else
		bpf_core_read(&peer->addr, 4, &sk->__sk_common.skc_daddr);
	if (!e)
		return;
	e->family = fam;
	e->sport = __builtin_bswap16(BPF_CORE_READ(inet, inet_sport));
	e->dport = peer->port;
	__builtin_memcpy(e->daddr, peer->addr, 16);
	if (fam == NE_AF_INET6)
		bpf_core_read(&e->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
	else
		bpf_core_read(&e->saddr, 4, &inet->inet_saddr);
	e->netns_ino = sk_netns(sk);
}

/* a socket's TCP state */
static __always_inline int sock_state(const struct sock *sk)
{
	return BPF_CORE_READ(sk, __sk_common.skc_state);
}

/*
 * A socket's state change, on either path: counts it (and an abort,
 * ESTABLISHED -> CLOSE) for the peer, and submits its event when asked for.
 * src is the sock:inet_sock_set_state record (raw 0) or the socket (raw 1,
 * the raw tracepoint's first argument); raw is a constant at each call, so
 * each program keeps only its own branch.
 */
static __always_inline void set_state(const void *src, int raw, int oldstate, int newstate)
{
	const struct trace_event_raw_inet_sock_set_state *rec = src;
	const struct sock *sk = src;
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = NULL;
	int abort = oldstate == NE_TCP_ESTABLISHED && newstate == NE_TCP_CLOSE;

	if (wants(cfg, NE_STATE_CHANGE) && (abort || (cfg->flags & NE_FLAG_ALL_STATES)))
		e = new_event(&ev, NE_STATE_CHANGE);
	if (raw) {
		fill_sock(sk, &peer, e);
	} else {
		NE_FILL_ADDRS(rec, &peer, e);
		if (e)
			e->netns_ino = sk_netns(BPF_CORE_READ(rec, skaddr));
	}
	bump(&peer, NE_C_STATE_CHANGES);
	if (abort)
		bump(&peer, NE_C_ABORTS);
	if (!e)
		return;
	e->oldstate = oldstate;
	e->newstate = newstate;
	e->protocol = raw ? BPF_CORE_READ(sk, sk_protocol) : BPF_CORE_READ(rec, protocol);
	submit(e);
}

SEC("tracepoint/tcp/tcp_retransmit_skb")
int ne_retransmit(void *raw)
{
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RETRANSMIT) ? new_event(&ev, NE_RETRANSMIT) : NULL;
	int state;

	if (bpf_core_type_exists(struct trace_event_raw_tcp_retransmit_skb)) {
		struct trace_event_raw_tcp_retransmit_skb *ctx = raw;

		NE_FILL_ADDRS(ctx, &peer, e);
		state = BPF_CORE_READ(ctx, state);
		if (e)
			e->netns_ino = sk_netns(BPF_CORE_READ(ctx, skaddr));
	} else {
		state = fill_sk_skb(raw, &peer, e);
	}
	bump(&peer, NE_C_RETRANSMITS);
	submit_tcp(e, state);
	return 0;
}

SEC("tracepoint/tcp/tcp_receive_reset")
int ne_receive_reset(struct trace_event_raw_tcp_event_sk *ctx)
{
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RESET_RECEIVED) ? new_event(&ev, NE_RESET_RECEIVED) : NULL;

	NE_FILL_ADDRS(ctx, &peer, e);
	if (e)
		e->netns_ino = sk_netns(BPF_CORE_READ(ctx, skaddr));
	bump(&peer, NE_C_RESETS_RECEIVED);
	submit_tcp(e, 0);
	return 0;
}

/* sockaddr_in / sockaddr_in6 bytes (as tcp_send_reset stores them) into addr/port */
static __always_inline __u16 from_sockaddr(const __u8 *sa, __u8 addr[16], __u16 *port)
{
	__u16 fam = 0, nport = 0;

	bpf_probe_read_kernel(&fam, 2, sa);
	bpf_probe_read_kernel(&nport, 2, sa + 2);
	*port = __builtin_bswap16(nport);
	if (fam == NE_AF_INET6)
		bpf_probe_read_kernel(addr, 16, sa + 8);
	else
		bpf_probe_read_kernel(addr, 4, sa + 4);
	return fam;
}

SEC("tracepoint/tcp/tcp_send_reset")
int ne_send_reset(void *raw)
{
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RESET_SENT) ? new_event(&ev, NE_RESET_SENT) : NULL;
	int state;

	if (bpf_core_type_exists(struct trace_event_raw_tcp_send_reset)) {
		struct trace_event_raw_tcp_send_reset *ctx = raw;
		__u8 local[16] = {};
		__u16 lport = 0;

		peer.family = from_sockaddr((const __u8 *)&ctx->daddr, peer.addr, &peer.port);
		state = BPF_CORE_READ(ctx, state);
		if (e) {
			from_sockaddr((const __u8 *)&ctx->saddr, local, &lport);
			e->family = peer.family;
			e->sport = lport;
			e->dport = peer.port;
			__builtin_memcpy(e->saddr, local, 16);
			__builtin_memcpy(e->daddr, peer.addr, 16);
			e->reason = BPF_CORE_READ(ctx, reason);
			e->netns_ino = sk_skb_netns(BPF_CORE_READ(ctx, skaddr), BPF_CORE_READ(ctx, skbaddr));
		}
	} else {
		state = fill_sk_skb(raw, &peer, e);
	}
	bump(&peer, NE_C_RESETS_SENT);
	submit_tcp(e, state);
	return 0;
}

SEC("tracepoint/sock/inet_sock_set_state")
int ne_set_state(struct trace_event_raw_inet_sock_set_state *ctx)
{
	set_state(ctx, 0, BPF_CORE_READ(ctx, oldstate), BPF_CORE_READ(ctx, newstate));
	return 0;
}

SEC("tracepoint/skb/kfree_skb")
int ne_kfree_skb(struct trace_event_raw_kfree_skb *ctx)
{
	struct ne_config *cfg = config();
	struct ne_event ev, *e;
	__u32 reason = 0;
	__u64 *n;

	if (bpf_core_field_exists(ctx->reason))
		reason = (__u32)BPF_CORE_READ(ctx, reason);
	if (reason >= NE_DROP_SLOTS)
		reason = NE_DROP_SLOTS - 1;
	n = bpf_map_lookup_elem(&ne_drops, &reason);
	if (n)
		*n += 1;
	if (!wants(cfg, NE_DROP))
		return 0;
	if (reason == not_specified() && !(cfg->flags & NE_FLAG_UNSPECIFIED_DROPS))
		return 0;
	e = new_event(&ev, NE_DROP);
	e->reason = reason;
	e->protocol = BPF_CORE_READ(ctx, protocol);
	e->netns_ino = skb_netns(BPF_CORE_READ(ctx, skbaddr));
	submit(e);
	return 0;
}

/* ---- raw tracepoint path ---- */

/*
 * The peer key and event addresses of a reset sent without a socket, from the
 * packet that caused it: its IP header (at head + network_header) and TCP
 * header (at data), reversed -- the packet's source is the reset's remote end.
 */
static __always_inline void fill_skb_reversed(const struct sk_buff *skb, struct ne_peer *peer, struct ne_event *e)
{
	unsigned char *head = BPF_CORE_READ(skb, head);
	unsigned char *data = BPF_CORE_READ(skb, data);
	__u16 nh = BPF_CORE_READ(skb, network_header);
	__u8 ver = 0;
	__u16 ports[2] = {};
	__u8 src[16] = {}, dst[16] = {};
	__u16 fam;

	bpf_probe_read_kernel(&ver, 1, head + nh);
	bpf_probe_read_kernel(ports, 4, data);
	if ((ver >> 4) == 6) {
		fam = NE_AF_INET6;
		bpf_probe_read_kernel(src, 16, head + nh + 8);
		bpf_probe_read_kernel(dst, 16, head + nh + 24);
	} else {
		fam = NE_AF_INET;
		bpf_probe_read_kernel(src, 4, head + nh + 12);
		bpf_probe_read_kernel(dst, 4, head + nh + 16);
	}
	peer->family = fam;
	peer->port = __builtin_bswap16(ports[0]);
	__builtin_memcpy(peer->addr, src, 16);
	if (!e)
		return;
	e->family = fam;
	e->sport = __builtin_bswap16(ports[1]);
	e->dport = peer->port;
	__builtin_memcpy(e->saddr, dst, 16);
	__builtin_memcpy(e->daddr, src, 16);
	e->netns_ino = skb_netns(skb);
}

SEC("raw_tracepoint/tcp_retransmit_skb")
int ne_raw_retransmit(struct bpf_raw_tracepoint_args *ctx)
{
	const struct sock *sk = (const struct sock *)ctx->args[0];
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RETRANSMIT) ? new_event(&ev, NE_RETRANSMIT) : NULL;

	fill_sock(sk, &peer, e);
	bump(&peer, NE_C_RETRANSMITS);
	submit_tcp(e, sock_state(sk));
	return 0;
}

SEC("raw_tracepoint/tcp_receive_reset")
int ne_raw_receive_reset(struct bpf_raw_tracepoint_args *ctx)
{
	const struct sock *sk = (const struct sock *)ctx->args[0];
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RESET_RECEIVED) ? new_event(&ev, NE_RESET_RECEIVED) : NULL;

	fill_sock(sk, &peer, e);
	bump(&peer, NE_C_RESETS_RECEIVED);
	submit_tcp(e, 0);
	return 0;
}

SEC("raw_tracepoint/tcp_send_reset")
int ne_raw_send_reset(struct bpf_raw_tracepoint_args *ctx)
{
	const struct sock *sk = (const struct sock *)ctx->args[0];
	const struct sk_buff *skb = (const struct sk_buff *)ctx->args[1];
	struct ne_config *cfg = config();
	struct ne_peer peer = {};
	struct ne_event ev;
	struct ne_event *e = wants(cfg, NE_RESET_SENT) ? new_event(&ev, NE_RESET_SENT) : NULL;
	int state = 0;

	if (sk)
		state = sock_state(sk);
	/* a full socket has an inet_sock; a time-wait or request socket does not (sk_fullsock()) */
	if (sk && !((1 << state) & ((1 << NE_TCP_TIME_WAIT) | (1 << NE_TCP_NEW_SYN_RECV))))
		fill_sock(sk, &peer, e);
	else if (skb)
		fill_skb_reversed(skb, &peer, e);
	/* the reason is the third argument since Linux 6.10, when the record got its own class */
	if (e && bpf_core_type_exists(struct trace_event_raw_tcp_send_reset))
		e->reason = (__u32)ctx->args[2];
	bump(&peer, NE_C_RESETS_SENT);
	submit_tcp(e, state);
	return 0;
}

SEC("raw_tracepoint/inet_sock_set_state")
int ne_raw_set_state(struct bpf_raw_tracepoint_args *ctx)
{
	set_state((const void *)ctx->args[0], 1, (int)ctx->args[1], (int)ctx->args[2]);
	return 0;
}

SEC("raw_tracepoint/kfree_skb")
int ne_raw_kfree_skb(struct bpf_raw_tracepoint_args *ctx)
{
	const struct sk_buff *skb = (const struct sk_buff *)ctx->args[0];
	struct ne_config *cfg = config();
	struct ne_event ev;
	struct ne_event *e;
	__u32 reason = 0;
	__u64 *n;

	/* the reason is the third argument since Linux 5.17, when the record got the field */
	if (bpf_core_field_exists(struct trace_event_raw_kfree_skb, reason))
		reason = (__u32)ctx->args[2];
	if (reason >= NE_DROP_SLOTS)
		reason = NE_DROP_SLOTS - 1;
	n = bpf_map_lookup_elem(&ne_drops, &reason);
	if (n)
		*n += 1;
	if (!wants(cfg, NE_DROP))
		return 0;
	if (reason == not_specified() && !(cfg->flags & NE_FLAG_UNSPECIFIED_DROPS))
		return 0;
	e = new_event(&ev, NE_DROP);
	e->reason = reason;
	e->protocol = __builtin_bswap16(BPF_CORE_READ(skb, protocol));
	e->netns_ino = skb_netns(skb);
	submit(e);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
