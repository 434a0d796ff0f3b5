// SPDX-License-Identifier: Apache-2.0
/*
 * bench_c -- the C libbpf baseline of the ebpf4j benchmark suite: the same maps (bench.bpf.o), the
 * same operations and the same ring buffer producer as the Java JMH benchmarks.
 *
 *   bench_c BPF_DIR [--smoke]
 *
 * Prints one line per figure: "<name> <ns per op>" (ns per map element for whole-map passes; ns per
 * record for the ring buffer). Timing: CLOCK_MONOTONIC around loops of N operations, median of R rounds
 * after warm-up rounds.
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int smoke;
static int rounds = 7, warm = 3;
static volatile uint64_t sink;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_c: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

/* a benchmark body: runs n operations; returns the number of "units" (ops, elements, records) done */
typedef long (*body_fn)(void *ctx, long n);

static __attribute__((unused)) void report(const char *name, body_fn body, void *ctx, long n)
{
	double r[32];
	int i;

	if (smoke)
		n = n / 100 > 0 ? n / 100 : 1;
	for (i = 0; i < warm; i++)
		body(ctx, n);
	for (i = 0; i < rounds; i++) {
		uint64_t t0 = now_ns();
		long units = body(ctx, n);
		uint64_t dt = now_ns() - t0;

		r[i] = (double)dt / (double)(units > 0 ? units : 1);
	}
	qsort(r, rounds, sizeof(r[0]), cmp_double);
	printf("%s %.3f\n", name, r[rounds / 2]);
	fflush(stdout);
}

struct map_ctx {
	int fd;
	int ncpu;
	uint64_t *values;
	uint32_t *keys;
	int entries;
	int chunk;
};

static long hash_lookup(void *p, long n)
{
	struct map_ctx *c = p;
	uint32_t k = 42;
	uint64_t v;
	long i;

	for (i = 0; i < n; i++) {
		if (bpf_map_lookup_elem(c->fd, &k, &v))
			die("lookup", errno);
		sink += v;
	}
	return n;
}

static long hash_update(void *p, long n)
{
	struct map_ctx *c = p;
	uint32_t k = 42;
	uint64_t v;
	long i;

	for (i = 0; i < n; i++) {
		v = i;
		if (bpf_map_update_elem(c->fd, &k, &v, BPF_ANY))
			die("update", errno);
	}
	return n;
}

static long hash_insert_delete(void *p, long n)
{
	struct map_ctx *c = p;
	uint32_t k = 1000;
	uint64_t v = 1;
	long i;

	for (i = 0; i < n; i++) {
		if (bpf_map_update_elem(c->fd, &k, &v, BPF_NOEXIST))
			die("insert", errno);
		if (bpf_map_delete_elem(c->fd, &k))
			die("delete", errno);
	}
	return n;
}

static long percpu_sum(void *p, long n)
{
	struct map_ctx *c = p;
	uint32_t k = 7;
	long i;
	int cpu;

	for (i = 0; i < n; i++) {
		uint64_t s = 0;

		if (bpf_map_lookup_elem(c->fd, &k, c->values))
			die("percpu lookup", errno);
		for (cpu = 0; cpu < c->ncpu; cpu++)
			s += c->values[cpu];
		sink += s;
	}
	return n;
}

/* n whole-map passes with bpf_map_lookup_batch; returns elements read */
static long batch_pass(void *p, long n)
{
	struct map_ctx *c = p;
	long i, total = 0;

	for (i = 0; i < n; i++) {
		uint32_t in = 0, out = 0;
		int first = 1;

		for (;;) {
			__u32 count = c->chunk;
			int err = bpf_map_lookup_batch(c->fd, first ? NULL : &in, &out, c->keys, c->values, &count, NULL);

			if (err && errno != ENOENT)
				die("lookup_batch", errno);
			total += count;
			for (__u32 j = 0; j < count; j++)
				sink += c->values[j];
			if (err)
				break;
			in = out;
			first = 0;
		}
	}
	return total;
}

/* n whole-map passes with bpf_map_get_next_key + bpf_map_lookup_elem; returns elements read */
static long key_by_key_pass(void *p, long n)
{
	struct map_ctx *c = p;
	long i, total = 0;

	for (i = 0; i < n; i++) {
		uint32_t key, next;
		uint64_t v;
		void *prev = NULL;

		while (bpf_map_get_next_key(c->fd, prev, &next) == 0) {
			if (bpf_map_lookup_elem(c->fd, &next, &v) == 0) {
				sink += v;
				total++;
			}
			key = next;
			prev = &key;
		}
	}
	return total;
}

struct mm_ctx {
	uint64_t *base;
	int len;
};

static __attribute__((unused)) long mm_read(void *p, long n)
{
	struct mm_ctx *c = p;
	long i;
	uint64_t s = 0;
	int j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < c->len; j++)
			s += c->base[j];
		__asm__ volatile("" : : : "memory"); /* re-read the shared memory on every pass */
	}
	sink += s;
	return n * c->len;
}

static __attribute__((unused)) long mm_write(void *p, long n)
{
	struct mm_ctx *c = p;
	long i;
	int j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < c->len; j++)
			c->base[j] = (uint64_t)i + j;
		__asm__ volatile("" : : : "memory"); /* every pass stores */
	}
	return n * c->len;
}

struct rb_ctx {
	struct ring_buffer *rb;
	int prog_fd;
	int batch;
	uint64_t sum;
};

static int on_record(void *ctx, void *data, size_t len)
{
	struct rb_ctx *c = ctx;

	c->sum += *(uint64_t *)data;
	return 0;
}

static void produce(struct rb_ctx *c)
{
	char pkt[64] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt), .repeat = c->batch);

	if (bpf_prog_test_run_opts(c->prog_fd, &o))
		die("test_run rb_produce", errno);
}

/* n rounds of: produce a batch (untimed), consume it (timed); returns records consumed */
static long rb_consume(void *p, long n, uint64_t *timed)
{
	struct rb_ctx *c = p;
	long i, total = 0;

	*timed = 0;
	for (i = 0; i < n; i++) {
		produce(c);
		uint64_t t0 = now_ns();
		int got = ring_buffer__consume(c->rb);

		*timed += now_ns() - t0;
		if (got < 0)
			die("ring_buffer__consume", got);
		total += got;
	}
	return total;
}

static __attribute__((unused)) void report_rb(struct rb_ctx *c, long n)
{
	double r[32];
	uint64_t t;
	int i;

	if (smoke)
		n = 1;
	for (i = 0; i < warm; i++)
		rb_consume(c, n, &t);
	for (i = 0; i < rounds; i++) {
		long recs = rb_consume(c, n, &t);

		if (recs != n * c->batch) {
			fprintf(stderr, "bench_c: ring consumed %ld records, expected %ld\n", recs, n * c->batch);
			exit(1);
		}
		r[i] = (double)t / recs;
	}
	qsort(r, rounds, sizeof(r[0]), cmp_double);
	printf("ringbuf.consume %.3f\n", r[rounds / 2]);
}

struct load_ctx {
	char path[4096];
};

static __attribute__((unused)) long load_attach(void *p, long n)
{
	struct load_ctx *c = p;
	long i;

	for (i = 0; i < n; i++) {
		struct bpf_object *obj = bpf_object__open_file(c->path, NULL);
		struct bpf_program *prog;
		struct bpf_link *links[2];
		int k = 0, err;

		if (!obj)
			die("open bench_trace", errno);
		err = bpf_object__load(obj);
		if (err)
			die("load bench_trace", err);
		bpf_object__for_each_program(prog, obj) {
			links[k] = bpf_program__attach(prog);
			if (!links[k])
				die("attach", errno);
			k++;
		}
		while (k > 0)
			bpf_link__destroy(links[--k]);
		bpf_object__close(obj);
	}
	return n;
}

#ifdef BENCH_LIB
/*
 * Built with -DBENCH_LIB -shared: the same bodies as entry points for the paired measurement
 * (io.ebpf4j.bench.Paired calls them through FFM, alternating with the Java operations in one process).
 * Each runs n operations on the map fds it is given and returns the units done (or -errno).
 */
long bc_hash_lookup(int fd, long n)
{
	struct map_ctx c = { .fd = fd };

	return hash_lookup(&c, n);
}

long bc_hash_update(int fd, long n)
{
	struct map_ctx c = { .fd = fd };

	return hash_update(&c, n);
}

long bc_hash_insert_delete(int fd, long n)
{
	struct map_ctx c = { .fd = fd };

	return hash_insert_delete(&c, n);
}

long bc_percpu_sum(int fd, long n)
{
	static uint64_t values[4096];
	struct map_ctx c = { .fd = fd, .ncpu = libbpf_num_possible_cpus(), .values = values };

	return c.ncpu > 4096 ? -E2BIG : percpu_sum(&c, n);
}

static uint32_t lib_keys[1024];
static uint64_t lib_values[1024];

long bc_batch_pass(int fd, long n)
{
	struct map_ctx c = { .fd = fd, .keys = lib_keys, .values = lib_values, .chunk = 1024 };

	return batch_pass(&c, n);
}

long bc_key_by_key_pass(int fd, long n)
{
	struct map_ctx c = { .fd = fd };

	return key_by_key_pass(&c, n);
}

static struct rb_ctx lib_rb;

/* produces and consumes n batches on the ring `ring_fd` (producer program prog_fd); returns records;
 * *timed receives the nanoseconds spent consuming */
long bc_ring_consume(int ring_fd, int prog_fd, int batch, long n, uint64_t *timed)
{
	if (!lib_rb.rb) {
		lib_rb.rb = ring_buffer__new(ring_fd, on_record, &lib_rb, NULL);
		if (!lib_rb.rb)
			return -errno;
	}
	lib_rb.prog_fd = prog_fd;
	lib_rb.batch = batch;
	return rb_consume(&lib_rb, n, timed);
}

void bc_ring_free(void)
{
	ring_buffer__free(lib_rb.rb);
	lib_rb.rb = NULL;
}
#else
static int map_fd(struct bpf_object *obj, const char *name)
{
	struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

	if (!m)
		die(name, ENOENT);
	return bpf_map__fd(m);
}

static void fill(int fd, int entries)
{
	for (uint32_t k = 0; k < (uint32_t)entries; k++) {
		uint64_t v = k;

		if (bpf_map_update_elem(fd, &k, &v, BPF_ANY))
			die("fill", errno);
	}
}

int main(int argc, char **argv)
{
	char path[4096];
	struct bpf_object *obj;
	int err, ncpu;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_c BPF_DIR [--smoke]\n");
		return 2;
	}
	if (argc > 2 && strcmp(argv[2], "--smoke") == 0) {
		smoke = 1;
		rounds = 1;
		warm = 1;
	}
	libbpf_set_print(NULL);
	snprintf(path, sizeof(path), "%s/bench.bpf.o", argv[1]);
	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		die("open bench.bpf.o", errno);
	err = bpf_object__load(obj);
	if (err)
		die("load bench.bpf.o", err);
	ncpu = libbpf_num_possible_cpus();
	printf("# libbpf %d.%d, %d possible CPUs\n", libbpf_major_version(), libbpf_minor_version(), ncpu);

	struct map_ctx hops = { .fd = map_fd(obj, "h_ops") };
	fill(hops.fd, 512);
	report("map.hash.lookup", hash_lookup, &hops, 200000);
	report("map.hash.update", hash_update, &hops, 200000);
	report("map.hash.insert_delete", hash_insert_delete, &hops, 100000);

	struct map_ctx arr = { .fd = map_fd(obj, "arr") };
	report("map.array.lookup", hash_lookup, &arr, 200000);

	uint64_t *pvals = calloc(ncpu, sizeof(uint64_t));
	struct map_ctx pc = { .fd = map_fd(obj, "pcpu"), .ncpu = ncpu, .values = pvals };
	report("map.percpu.lookup_sum", percpu_sum, &pc, 200000);

	int chunk = 1024;
	uint32_t *keys = calloc(chunk, sizeof(uint32_t));
	uint64_t *vals = calloc(chunk, sizeof(uint64_t));
	struct map_ctx b1k = { .fd = map_fd(obj, "h_1k"), .keys = keys, .values = vals, .chunk = chunk };
	struct map_ctx b100k = { .fd = map_fd(obj, "h_100k"), .keys = keys, .values = vals, .chunk = chunk };
	fill(b1k.fd, 1000);
	fill(b100k.fd, 100000);
	report("map.batch1k.batch", batch_pass, &b1k, 200);
	report("map.batch1k.key_by_key", key_by_key_pass, &b1k, 20);
	report("map.batch100k.batch", batch_pass, &b100k, 3);
	report("map.batch100k.key_by_key", key_by_key_pass, &b100k, 1);

	int mfd = map_fd(obj, "mm");
	long page = sysconf(_SC_PAGESIZE);
	size_t bytes = (1024 * 8 + page - 1) / page * page;
	void *base = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);

	if (base == MAP_FAILED)
		die("mmap mm", errno);
	struct mm_ctx mc = { .base = base, .len = 1024 };
	report("map.mmap.read", mm_read, &mc, 20000);
	report("map.mmap.write", mm_write, &mc, 20000);
	munmap(base, bytes);

	struct rb_ctx rc = { .batch = 8192 };
	rc.prog_fd = bpf_program__fd(bpf_object__find_program_by_name(obj, "rb_produce"));
	rc.rb = ring_buffer__new(map_fd(obj, "events"), on_record, &rc, NULL);
	if (!rc.rb)
		die("ring_buffer__new", errno);
	report_rb(&rc, 20);
	ring_buffer__free(rc.rb);

	struct load_ctx lc;
	snprintf(lc.path, sizeof(lc.path), "%s/bench_trace.bpf.o", argv[1]);
	report("load.open_load_attach", load_attach, &lc, smoke ? 100 : 3);

	bpf_object__close(obj);
	return 0;
}
#endif /* BENCH_LIB */
