/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * ebpf4j_kernel.h -- the few kernel-internal types ebpf4j's BPF programs use.
 *
 * This is deliberately NOT a vmlinux.h dump. UAPI headers (<linux/bpf.h>,
 * <linux/if_ether.h>, <linux/pkt_cls.h>, ...) cover everything user-visible;
 * this file only declares the kernel-internal structs we read, with just the
 * fields we read. Every struct carries preserve_access_index, so clang emits
 * CO-RE relocations and libbpf fixes offsets against the running kernel's BTF
 * (/sys/kernel/btf/vmlinux) at load time. Field names and types must match the
 * kernel's; order and the absence of other fields do not matter.
 *
 * Add a field only when a program reads it; add a struct only when a program
 * needs it. Keep the list below in step.
 *
 *   struct trace_entry, struct syscall_trace_enter
 *       -- context of tracepoint/syscalls/sys_enter_* programs (tracing.bpf.c).
 *          Not trace_event_raw_sys_enter (the raw_syscalls/sys_enter record,
 *          whose 8-byte id would overrun the shorter per-syscall record: the
 *          kernel then refuses to attach with EACCES).
 *   struct task_struct (pid, tgid, real_parent)
 *       -- read with BPF_CORE_READ() from bpf_get_current_task() (tracing.bpf.c)
 *   struct pt_regs (opaque)
 *       -- context of kprobe/uprobe programs; we never read its fields, which
 *          keeps the objects independent of the build architecture.
 *          (syscall_latency.bpf.c's kretprobes read the return register
 *          through their own per-architecture flavour, see there.)
 *   struct syscall_trace_exit
 *       -- context of tracepoint/syscalls/sys_exit_* (syscall_latency.bpf.c)
 *   enum skb_drop_reason, enum sk_rst_reason (placeholders: CO-RE only needs
 *   the enum kind and size; names are read from the kernel's BTF in Java;
 *   SKB_DROP_REASON_NOT_SPECIFIED is declared for bpf_core_enum_value(): its
 *   value differs between kernels)
 *   struct trace_event_raw_kfree_skb, trace_event_raw_inet_sock_set_state,
 *   trace_event_raw_tcp_event_sk, trace_event_raw_tcp_retransmit_skb,
 *   trace_event_raw_tcp_send_reset, trace_event_raw_tcp_event_sk_skb
 *       -- tracepoint records of skb:kfree_skb, sock:inet_sock_set_state,
 *          tcp:tcp_receive_reset, tcp:tcp_retransmit_skb, tcp:tcp_send_reset
 *          (net_events.bpf.c). tcp_event_sk_skb is the class both TCP
 *          tracepoints used before they got their own (before Linux 6.10
 *          for tcp_send_reset); programs pick one with bpf_core_type_exists().
 *   struct sock (__sk_common), sock_common (skc_net), possible_net_t (net),
 *   struct net (ns), ns_common (inum), sk_buff (dev, sk), net_device (nd_net)
 *       -- a socket's / packet's network namespace inode (net_events.bpf.c)
 *   struct sock_common (skc_family, skc_state, skc_dport, skc_daddr,
 *   skc_v6_daddr, skc_v6_rcv_saddr), struct sock (sk_protocol), struct
 *   inet_sock (inet_saddr, inet_sport), struct sk_buff (head, data,
 *   network_header, protocol)
 *       -- what the raw tracepoint programs of net_events.bpf.c read from the
 *          tracepoint's arguments (the tracepoint record is not built for them)
 *   struct thread_info (status), struct task_struct (thread_info)
 *       -- x86: TS_COMPAT, a 32-bit syscall (syscall_latency.bpf.c's raw
 *          tracepoint programs leave those out, as the syscall tracepoints do)
 */
#ifndef EBPF4J_KERNEL_H
#define EBPF4J_KERNEL_H

#include <linux/types.h>
#include <linux/bpf.h>
#include <linux/in6.h>

#ifndef __ebpf4j_core
#define __ebpf4j_core __attribute__((preserve_access_index))
#endif

/* include/linux/trace_events.h */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
} __ebpf4j_core;

/*
 * kernel/trace/trace.h: record of every syscalls/sys_enter_<name> tracepoint
 * (see /sys/kernel/tracing/events/syscalls/sys_enter_<name>/format). Only
 * args[0 .. number of syscall arguments - 1] exist; reading further is refused.
 */
struct syscall_trace_enter {
	struct trace_entry ent;
	int nr;
	unsigned long args[];
} __ebpf4j_core;

/* arch/x86/include/asm/thread_info.h (status: TS_COMPAT 0x0002 while a 32-bit syscall runs) */
struct thread_info {
	__u32 status;
} __ebpf4j_core;

/* include/linux/sched.h -- only the fields we read */
struct task_struct {
	struct thread_info thread_info;
	int pid;
	int tgid;
	struct task_struct *real_parent;
} __ebpf4j_core;

/*
 * kernel/trace/trace.h: record of every syscalls/sys_exit_<name> tracepoint.
 */
struct syscall_trace_exit {
	struct trace_entry ent;
	int nr;
	long ret;
} __ebpf4j_core;

/*
 * include/net/dropreason-core.h (older kernels: elsewhere); values and
 * names come from the kernel's BTF. The values here are placeholders: read
 * them with bpf_core_enum_value(), never as constants: NOT_SPECIFIED is 2 on
 * 6.18 (after SKB_NOT_DROPPED_YET and SKB_CONSUMED) but 1 on 6.1 (no
 * SKB_CONSUMED yet), where 2 is NO_SOCKET.
 */
enum skb_drop_reason {
	__EBPF4J_SKB_DROP_REASON_ANY = 0,
	SKB_DROP_REASON_NOT_SPECIFIED = 2,
};
/* include/net/rstreason.h (Linux 6.10+) */
enum sk_rst_reason { __EBPF4J_SK_RST_REASON_ANY = 0 };

/* include/trace/events/skb.h: skb:kfree_skb ('reason' since Linux 5.17) */
struct trace_event_raw_kfree_skb {
	struct trace_entry ent;
	void *skbaddr;
	void *location;
	unsigned short protocol;
	enum skb_drop_reason reason;
} __ebpf4j_core;

/* include/trace/events/sock.h: sock:inet_sock_set_state */
struct trace_event_raw_inet_sock_set_state {
	struct trace_entry ent;
	const void *skaddr;
	int oldstate;
	int newstate;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u16 protocol;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
} __ebpf4j_core;

/* include/trace/events/tcp.h: tcp:tcp_receive_reset (class tcp_event_sk) */
struct trace_event_raw_tcp_event_sk {
	struct trace_entry ent;
	const void *skaddr;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
} __ebpf4j_core;

/* tcp:tcp_retransmit_skb since it has its own class (Linux 6.10+) */
struct trace_event_raw_tcp_retransmit_skb {
	struct trace_entry ent;
	const void *skbaddr;
	const void *skaddr;
	int state;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
} __ebpf4j_core;

/* tcp:tcp_retransmit_skb and tcp:tcp_send_reset before their own classes */
struct trace_event_raw_tcp_event_sk_skb {
	struct trace_entry ent;
	const void *skbaddr;
	const void *skaddr;
	int state;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
} __ebpf4j_core;

/* tcp:tcp_send_reset (Linux 6.10+): addresses as struct sockaddr_in/_in6 */
struct trace_event_raw_tcp_send_reset {
	struct trace_entry ent;
	const void *skbaddr;
	const void *skaddr;
	int state;
	enum sk_rst_reason reason;
	__u8 saddr[28];
	__u8 daddr[28];
} __ebpf4j_core;

/* include/net/net_namespace.h, include/linux/ns_common.h: a namespace's inode */
struct ns_common {
	unsigned int inum;
} __ebpf4j_core;

struct net {
	struct ns_common ns;
} __ebpf4j_core;

typedef struct {
	struct net *net;
} possible_net_t;

/* include/net/sock.h ('skc_daddr', 'skc_dport', ... sit in anonymous unions there; CO-RE finds them) */
struct sock_common {
	__be32 skc_daddr;
	__be16 skc_dport;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	possible_net_t skc_net;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
} __ebpf4j_core;

struct sock {
	struct sock_common __sk_common;
	__u16 sk_protocol;
} __ebpf4j_core;

/* include/net/inet_sock.h: the local address and port the TCP tracepoints report */
struct inet_sock {
	struct sock sk;
	__be32 inet_saddr;
	__be16 inet_sport;
} __ebpf4j_core;

/* include/linux/netdevice.h */
struct net_device {
	possible_net_t nd_net;
} __ebpf4j_core;

/* include/linux/skbuff.h ('dev' sits in anonymous unions there; CO-RE finds it) */
struct sk_buff {
	struct net_device *dev;
	struct sock *sk;
	unsigned char *head;
	unsigned char *data;
	__u16 network_header;
	__be16 protocol;
} __ebpf4j_core;

/* arch-specific register set; opaque on purpose (see above) */
struct pt_regs;

#endif /* EBPF4J_KERNEL_H */
