#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/openat2.h>
#include "open_beneath.h"

// Rejects what neither resolver should ever be asked for, so both behave the same.
static int plain_components(const char *path) {
    if (path[0] == '\0' || path[0] == '/') return 0;
    const char *part = path;
    while (1) {
        const char *end = strchr(part, '/');
        size_t length = end ? (size_t)(end - part) : strlen(part);
        if (length == 0) return 0;
        if (length == 1 && part[0] == '.') return 0;
        if (length == 2 && part[0] == '.' && part[1] == '.') return 0;
        if (!end) return 1;
        part = end + 1;
    }
}

static int walk_beneath(int dirfd, const char *path, int flags) {
    char buffer[4096];
    size_t length = strlen(path);
    if (length >= sizeof buffer) { errno = ENAMETOOLONG; return -1; }
    memcpy(buffer, path, length + 1);
    int current = dirfd;
    char *part = buffer;
    while (1) {
        char *slash = strchr(part, '/');
        if (slash) *slash = '\0';
        int next = slash
            ? openat(current, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            : openat(current, part, flags | O_NOFOLLOW | O_CLOEXEC);
        int saved = errno;
        if (current != dirfd) close(current);
        if (next < 0) { errno = saved; return -1; }
        if (!slash) return next;
        current = next;
        part = slash + 1;
    }
}

int portald_open_beneath(int dirfd, const char *path, int flags) {
    if (!plain_components(path)) { errno = EPERM; return -1; }
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(flags | O_NOFOLLOW | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    if (fd >= 0) return (int)fd;
    if (errno != ENOSYS && errno != EPERM) return -1;
    // EPERM here is a seccomp filter refusing the syscall (openat2 itself never says it).
    return walk_beneath(dirfd, path, flags);
}

int portald_open_beneath_walk(int dirfd, const char *path, int flags) {
    if (!plain_components(path)) { errno = EPERM; return -1; }
    return walk_beneath(dirfd, path, flags);
}
