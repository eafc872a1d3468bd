/*
 * banned.h - functions that overflow buffers too easily (as in git).
 * Included last by every .c file of zongjie; using one is a compile error.
 */
#ifndef ZJ_BANNED_H
#define ZJ_BANNED_H

#define ZJ_BANNED(func) sorry_##func##_is_banned_in_zongjie

#undef strcpy
#define strcpy(x, y) ZJ_BANNED(strcpy)
#undef strcat
#define strcat(x, y) ZJ_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) ZJ_BANNED(strncpy)
#undef sprintf
#define sprintf(...) ZJ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) ZJ_BANNED(vsprintf)
#undef gets
#define gets(x) ZJ_BANNED(gets)

#endif
