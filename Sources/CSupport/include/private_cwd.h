#ifndef PORTALD_PRIVATE_CWD_H
#define PORTALD_PRIVATE_CWD_H
// Gives the calling thread its own cwd (unshare(CLONE_FS)), so it can chdir into an
// extraction directory without moving every other thread. Returns 0 or -1 with errno set.
int portald_unshare_cwd(void);
#endif
