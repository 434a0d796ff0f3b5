// SPDX-License-Identifier: Apache-2.0
/*
 * rawtp_cost: the kernel's own accounting (BPF_ENABLE_STATS: run_time_ns / run_cnt) of an object's
 * raw tracepoint programs while something else makes the syscalls. Loads only the programs whose
 * section starts with "raw_tracepoint/" (the other attach paths of syscall_latency stay unloaded),
 * attaches them, waits, prints one line per program, detaches. Per run, not per call pair: the
 * sys_enter/sys_exit programs run for every syscall of the machine.
 *
 *   cc -O2 -o rawtp_cost rawtp_cost.c -lbpf
 *   ./rawtp_cost OBJECT SECONDS
 *
 * Used for the syscall hook's per-run cost in docs/PERFORMANCE.md (issue 15), e.g. with
 * `sockperf ping-pong -i 127.0.0.1 --mps=20000` running beside it.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s OBJECT SECONDS\n", argv[0]);
		return 2;
	}
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (libbpf_get_error(obj)) {
		fprintf(stderr, "rawtp_cost: cannot open %s\n", argv[1]);
		return 1;
	}
	struct bpf_program *p;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strncmp(bpf_program__section_name(p), "raw_tracepoint/", 15));
	if (bpf_object__load(obj)) {
		fprintf(stderr, "rawtp_cost: loading %s failed\n", argv[1]);
		bpf_object__close(obj);
		return 1;
	}
	int stats = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (stats < 0) {
		fprintf(stderr, "rawtp_cost: BPF_ENABLE_STATS failed (needs CAP_SYS_ADMIN, Linux 5.8)\n");
		bpf_object__close(obj);
		return 1;
	}
	struct bpf_link *links[16];
	int n = 0, rc = 0;
	bpf_object__for_each_program(p, obj) {
		if (!bpf_program__autoload(p) || n == 16)
			continue;
		links[n] = bpf_program__attach(p);
		if (libbpf_get_error(links[n])) {
			fprintf(stderr, "rawtp_cost: attaching %s failed\n", bpf_program__name(p));
			rc = 1;
			goto out;
		}
		n++;
	}
	sleep((unsigned)atoi(argv[2]));
	bpf_object__for_each_program(p, obj) {
		if (!bpf_program__autoload(p))
			continue;
		struct bpf_prog_info info = {0};
		__u32 len = sizeof(info);
		if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			continue;
		printf("%s runs %llu ns/run %.1f\n", bpf_program__name(p), (unsigned long long)info.run_cnt,
		       info.run_cnt ? (double)info.run_time_ns / (double)info.run_cnt : 0.0);
	}
out:
	for (int i = 0; i < n; i++)
		bpf_link__destroy(links[i]);
	close(stats);
	bpf_object__close(obj);
	return rc;
}
