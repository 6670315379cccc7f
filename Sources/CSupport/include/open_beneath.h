#ifndef PORTALD_OPEN_BENEATH_H
#define PORTALD_OPEN_BENEATH_H
// Opens `path` ('/'-separated, relative) beneath the directory `dirfd` without leaving it and
// without following any symlink on the way: openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS),
// or, where the kernel or a seccomp filter refuses openat2, one O_NOFOLLOW openat per
// component. A ".." or empty component is refused (EPERM). `flags` apply to the last
// component (O_CLOEXEC and O_NOFOLLOW are added). Returns the fd, or -1 with errno set.
int portald_open_beneath(int dirfd, const char *path, int flags);
// The fallback resolver alone, so tests can check it on kernels that have openat2.
int portald_open_beneath_walk(int dirfd, const char *path, int flags);
#endif
