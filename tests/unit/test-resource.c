/*
 * test-resource.c - the resource descriptions (lib/resource.c) and the
 * schema the migrations build (sql/) say the same thing: every stored
 * field is a column, every column a field, and a field that may not be
 * null is NOT NULL in the table.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resource.h"
#include "smallrun/store.h"

static char dir[] = "/tmp/smallrun-resource-XXXXXX";
static char path[128];

static void setup(void)
{
	sr_store *s = NULL;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.db", dir);
	cr_assert_eq(sr_store_open(path, &s, NULL), SR_OK);
	sr_store_close(s);
}

static void teardown(void)
{
	char cmd[200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		cr_log_warn("cannot remove %s", dir);
}

TestSuite(resource, .init = setup, .fini = teardown);

static const struct sr_field *by_column(const struct sr_resource *res,
					const char *col)
{
	for (size_t i = 0; i < res->nfields; i++)
		if (res->fields[i].column &&
		    !strcmp(res->fields[i].column, col))
			return &res->fields[i];
	return NULL;
}

Test(resource, descriptions_match_the_schema)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	for (int r = 0; r <= SR_RES_SETTINGS; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);
		char sql[128];
		sqlite3_stmt *st;
		size_t columns = 0, stored = 0;

		snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)",
			 res->table);
		cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			     SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *col =
				(const char *)sqlite3_column_text(st, 1);
			int notnull = sqlite3_column_int(st, 3);
			const struct sr_field *fd = by_column(res, col);

			columns++;
			if (!fd && !strcmp(col, "id"))
				continue; /* the settings row's key */
			cr_assert_not_null(fd, "%s.%s has no field", res->table,
					   col);
			/* Not null in the API means NOT NULL in the table. */
			if (!(fd->flags & (SR_F_NULL | SR_F_SERVER)))
				cr_assert(notnull || !strcmp(col, "id"),
					  "%s.%s may be null in the table",
					  res->table, col);
			/* Null in the table is allowed to the API too,
			 * unless a rule fills it in (rules.c). */
		}
		sqlite3_finalize(st);
		for (size_t i = 0; i < res->nfields; i++)
			stored += !(res->fields[i].flags & SR_F_COMPUTED);
		cr_assert_geq(columns, stored, "%s: fields without columns",
			      res->table);
	}
	sqlite3_close(db);
}

Test(resource, every_field_is_well_formed)
{
	for (int r = 0; r <= SR_RES_SETTINGS; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);

		for (size_t i = 0; i < res->nfields; i++) {
			const struct sr_field *fd = &res->fields[i];

			cr_assert((fd->flags & SR_F_COMPUTED) ? fd->expr != NULL
							      : fd->column != NULL,
				  "%s.%s", res->name, fd->name);
			cr_assert(fd->type != SR_T_ENUM || fd->values,
				  "%s.%s has no values", res->name, fd->name);
			cr_assert_leq(fd->min, fd->max, "%s.%s", res->name,
				      fd->name);
			cr_assert(!(fd->flags & SR_F_REQUIRED) || !fd->def,
				  "%s.%s is required and has a default",
				  res->name, fd->name);
		}
		for (size_t i = 0; i < res->nfilters; i++)
			cr_assert_not_null(sr_field_find(res,
							 res->filters[i].field),
					   "%s filter %s", res->name,
					   res->filters[i].param);
	}
}
