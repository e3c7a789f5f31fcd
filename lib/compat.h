/*
 * compat.h - the first include of every smallrun source file: the system
 * headers the project relies on, then banned.h, which must come last so its
 * macros cannot collide with a system declaration (git's git-compat-util.h).
 */
#ifndef SMALLRUN_COMPAT_H
#define SMALLRUN_COMPAT_H

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SR_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif
