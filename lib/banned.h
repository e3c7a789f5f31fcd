/*
 * banned.h - functions that must not be used in smallrun, because they
 * overflow buffers, truncate silently or hide parse errors. Use sr_buf and
 * sr_parse_* instead. Included last by compat.h.
 */
#ifndef SMALLRUN_BANNED_H
#define SMALLRUN_BANNED_H

#define SR_BANNED(func) sorry_##func##_is_banned_in_smallrun

#undef strcpy
#define strcpy(x, y) SR_BANNED(strcpy)
#undef strcat
#define strcat(x, y) SR_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) SR_BANNED(strncpy)
#undef strtok
#define strtok(x, y) SR_BANNED(strtok)
#undef sprintf
#define sprintf(...) SR_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) SR_BANNED(vsprintf)
#undef gets
#define gets(x) SR_BANNED(gets)
#undef atoi
#define atoi(x) SR_BANNED(atoi)
#undef atol
#define atol(x) SR_BANNED(atol)

#endif
