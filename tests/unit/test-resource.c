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
#include "store-fixture.h"

static char dir[] = "/tmp/smallrun-resource-XXXXXX";
static char path[128];

static void setup(void)
{
	sr_store *s = NULL;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.db", dir);
	cr_assert_eq(test_store_open(path, &s, NULL), SR_OK);
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
		if (!(res->fields[i].flags & SR_F_COMPUTED) &&
		    !strcmp(sr_field_column(&res->fields[i]), col))
			return &res->fields[i];
	return NULL;
}

Test(resource, descriptions_match_the_schema)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	for (int r = 0; r < SR_RES__MAX; r++) {
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
	for (int r = 0; r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);

		for (size_t i = 0; i < res->nfields; i++) {
			const struct sr_field *fd = &res->fields[i];

			cr_assert(!(fd->flags & SR_F_COMPUTED) || fd->expr,
				  "%s.%s is computed from nothing", res->name,
				  fd->name);
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

/* Export and import go in table order: a resource after those it refers to. */
Test(resource, references_point_to_earlier_resources)
{
	for (int r = 0; r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);

		for (size_t i = 0; i < res->nfields; i++) {
			const struct sr_field *fd = &res->fields[i];

			if (fd->type == SR_T_REF)
				cr_assert_lt((int)fd->ref, r,
					     "%s.%s refers to a later resource",
					     res->name, fd->name);
		}
	}
	cr_assert_eq(SR_RES_SETTINGS, SR_RES__MAX - 1,
		     "the settings are exported last");
}

/* The description carries the CLI noun, summary and list columns. */
Test(resource, every_list_has_noun_summary_and_columns)
{
	for (int r = 0; r < SR_RES__MAX; r++) {
		const struct sr_resource *res = sr_resource((enum sr_res)r);
		const char *c = res->columns;

		cr_assert_str_eq(sr_res_name((enum sr_res)r), res->name);
		cr_assert_not_null(c, "%s has no columns", res->name);
		while (*c) {
			char name[64];
			size_t n = strcspn(c, ",");

			cr_assert_lt(n, sizeof(name));
			memcpy(name, c, n);
			name[n] = '\0';
			cr_assert_not_null(sr_field_find(res, name),
					   "%s shows a column %s it lacks",
					   res->name, name);
			c += n + (c[n] == ',');
		}
		if (!sr_res_is_list((enum sr_res)r)) {
			cr_assert_null(res->noun);
			continue;
		}
		cr_assert_not_null(res->noun, "%s has no CLI noun", res->name);
		cr_assert_not_null(res->summary, "%s has no summary",
				   res->name);
		cr_assert_eq(sr_res_find_noun(res->noun), r, "noun %s twice",
			     res->noun);
		cr_assert_eq(sr_res_find(res->name), r);
	}
	cr_assert_eq(sr_res_find_noun("settings"), -1);
	cr_assert_null(sr_res_name(SR_RES__MAX));
}
