/*
 * store-int.h - what a storage backend implements (private; the SQLite
 * btree.h/btreeInt.h split). store.c holds the public entry points and
 * forwards to the backend's table of operations.
 */
#ifndef SMALLRUN_STORE_INT_H
#define SMALLRUN_STORE_INT_H

#include "smallrun/store.h"

struct sr_store_ops {
	const char *name;
	void (*close)(sr_store *s);
	int (*schema_version)(sr_store *s);
};

struct sr_store {
	const struct sr_store_ops *ops;
};

/* lib/store-sqlite.c */
enum sr_err sr_store_sqlite_open(const char *path, sr_store **out,
				 struct sr_fail *f);
int sr_store_sqlite_latest(void);

#endif
