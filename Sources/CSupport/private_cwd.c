#define _GNU_SOURCE
#include <sched.h>
#include "private_cwd.h"

int portald_unshare_cwd(void) {
    return unshare(CLONE_FS);
}
