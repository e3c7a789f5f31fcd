/* version.h - the one place the version number lives. */
#ifndef SMALLRUN_VERSION_H
#define SMALLRUN_VERSION_H

#define SR_VERSION "0.1.0"

#endif
