/* Shared by btf_sample.bpf.c (compiled for BPF) and the host layout probe in BtfObjectTest. */
#ifndef BTF_SAMPLE_H
#define BTF_SAMPLE_H

struct btf_sample {
	int a;
	char b[16];
	struct btf_sample *next;
	unsigned int flags: 3;
	unsigned int mode: 5;
	union {
		int u32v;
		long u64v;
	};
	struct {
		short s1;
		short s2;
	} named;
	void (*cb)(int, char *);
	const char *name;
	int (*arr_ptr)[4];
	unsigned long long tail[0];
};

enum btf_color {
	BTF_RED = 0,
	BTF_GREEN = 5,
	BTF_BLUE = -1,
};

typedef struct btf_sample btf_sample_t;

struct btf_key {
	unsigned int pid;
	unsigned short port;
	unsigned char proto;
	unsigned long long cookie;
};

#endif
