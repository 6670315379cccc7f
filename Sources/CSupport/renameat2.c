#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include "CSupport.h"

const unsigned int portald_RENAME_EXCHANGE = RENAME_EXCHANGE;
const unsigned int portald_RENAME_NOREPLACE = RENAME_NOREPLACE;

int portald_renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags) {
    return renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}
