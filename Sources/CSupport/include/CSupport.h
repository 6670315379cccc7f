#ifndef PORTALD_CSUPPORT_H
#define PORTALD_CSUPPORT_H
// Glibc's renameat2 is not visible to Swift: a plain function and the flag as constants.
extern const unsigned int portald_RENAME_EXCHANGE;
extern const unsigned int portald_RENAME_NOREPLACE;
int portald_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
#include "private_cwd.h"
#include "open_beneath.h"
#endif
