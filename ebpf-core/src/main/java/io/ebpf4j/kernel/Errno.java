package io.ebpf4j.kernel;

import java.util.Optional;

/**
 * Linux errno values that the bpf() syscall and libbpf report, with their symbolic names.
 * Numbers are the generic Linux (asm-generic) values used on x86_64 and arm64.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    E2BIG(7, "Argument list too long"),
    ENOEXEC(8, "Exec format error"),
    EBADF(9, "Bad file descriptor"),
    ECHILD(10, "No child processes"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    EXDEV(18, "Invalid cross-device link"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOTTY(25, "Inappropriate ioctl for device"),
    EFBIG(27, "File too large"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    EROFS(30, "Read-only file system"),
    EPIPE(32, "Broken pipe"),
    ERANGE(34, "Numerical result out of range"),
    EDEADLK(35, "Resource deadlock avoided"),
    ENAMETOOLONG(36, "File name too long"),
    ENOSYS(38, "Function not implemented"),
    ENOTEMPTY(39, "Directory not empty"),
    ELOOP(40, "Too many levels of symbolic links"),
    ENOMSG(42, "No message of desired type"),
    ENODATA(61, "No data available"),
    ETIME(62, "Timer expired"),
    /** From bpf_link_update and friends: the link was detached (its hook, e.g. the interface, went away). */
    ENOLINK(67, "Link has been severed"),
    EPROTO(71, "Protocol error"),
    EBADMSG(74, "Bad message"),
    EOVERFLOW(75, "Value too large for defined data type"),
    EILSEQ(84, "Invalid or incomplete multibyte or wide character"),
    ENOTSOCK(88, "Socket operation on non-socket"),
    EPROTONOSUPPORT(93, "Protocol not supported"),
    EOPNOTSUPP(95, "Operation not supported"),
    EAFNOSUPPORT(97, "Address family not supported by protocol"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ENETDOWN(100, "Network is down"),
    ENETUNREACH(101, "Network is unreachable"),
    ENOBUFS(105, "No buffer space available"),
    ETIMEDOUT(110, "Connection timed out"),
    ECONNREFUSED(111, "Connection refused"),
    ECANCELED(125, "Operation canceled"),
    /** Kernel-internal "not supported" that leaks out of bpf() for some program and attach types. */
    ENOTSUPP(524, "Operation is not supported (kernel ENOTSUPP)"),
    /** libbpf's own: the ELF object is malformed. */
    LIBBPF_EFORMAT(4003, "libbpf: invalid BPF object format"),
    /** libbpf's own: kernel version mismatch or program needs a newer kernel. */
    LIBBPF_EKVERSION(4004, "libbpf: incorrect or missing kernel version"),
    /** libbpf's own: program or map not supported by the running kernel. */
    LIBBPF_EINTERNAL(4005, "libbpf: internal error"),
    LIBBPF_ELIBELF(4001, "libbpf: something wrong in libelf"),
    LIBBPF_EWRNGELF(4002, "libbpf: invalid ELF (wrong machine or class)"),
    LIBBPF_ERELOC(4006, "libbpf: relocation failed"),
    LIBBPF_ELOAD(4007, "libbpf: load program failed"),
    LIBBPF_EVERIFY(4008, "libbpf: kernel verifier blocks program loading"),
    LIBBPF_EPROG2BIG(4009, "libbpf: program too big"),
    LIBBPF_EKVERSION2(4010, "libbpf: kernel version mismatch"),
    LIBBPF_EPROGTYPE(4011, "libbpf: kernel does not support this program type"),
    LIBBPF_EWRNGMODE(4012, "libbpf: wrong mode"),
    LIBBPF_ENOTSUP(4013, "libbpf: not supported");

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    /** The errno number (positive). */
    public int number() {
        return number;
    }

    /** The C library's text for this errno. */
    public String description() {
        return description;
    }

    /** Looks up an errno by its (positive or negative) number. */
    public static Optional<Errno> of(int number) {
        int n = Math.abs(number);
        for (Errno e : values()) {
            if (e.number == n) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** "ENOENT" for a known number, "errno 1234" otherwise. */
    public static String nameOf(int number) {
        return of(number).map(Enum::name).orElse("errno " + Math.abs(number));
    }
}
