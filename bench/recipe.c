/*
 * recipe.c - the recipe roll-up benchmark (doc/PERFORMANCE.md, "Recipes").
 *
 *   make bench-recipe            (builds, then runs this)
 *   build/bench-recipe [--products N] [--repeat R] [--dir DIR]
 *
 * A workshop of N top products (default 1000), each with a recipe three
 * levels deep: 3 materials and 2 of 100 middle products, each of those 3
 * materials and 2 of 100 base products (a dough, a glaze), each of those 5
 * materials; 200 materials in all. Every product is made through the
 * library (sr_rec_create), as a maker's records would be. Then, R times
 * each (default 9), interleaved, and the median of each:
 *
 *   rollup, shared   sr_recipe_rollup(SR_ROLLUP_SHARED): every product's
 *                    cost worked out once, its users reading it
 *   rollup, each     sr_recipe_rollup(SR_ROLLUP_EACH): the same figures,
 *                    each product's whole tree worked out on its own (the
 *                    naive roll-up, the reference)
 *   price change     sr_rec_update of the one material every top product
 *                    uses: the write a maker makes, with the costs of
 *                    every product that uses it kept in its transaction
 *   tree             sr_recipe_tree of one top product (29 lines) for 12
 *
 * Both roll-ups store the figures, in one write transaction; the check at
 * the end is that they stored the same ones. The database is in DIR
 * (default /dev/shm when there is one, else /tmp): the store commits with
 * synchronous=FULL, and a disk's fsync would measure the disk.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smallrun/recipe.h"
#include "smallrun/records.h"
#include "smallrun/store.h"

#include "store-bench.h"

#define MATERIALS 200
#define MIDDLE 100
#define BASE 100

/* A small deterministic generator, so that every run builds the same. */
static uint64_t rng = 88172645463325252ull;

static int64_t pick(int64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (int64_t)(rng % (uint64_t)n);
}

static int64_t mat[MATERIALS], middle[MIDDLE], base[BASE];
static int64_t *top;

static void line_material(int64_t product, int64_t material, int per_batch)
{
	if (per_batch)
		bench_create(SR_RES_RECIPE_LINE,
			     "{\"product_id\": %" PRId64
			     ", \"material_id\": %" PRId64
			     ", \"quantity\": %" PRId64 ", \"per\": \"batch\", "
			     "\"batch_yield\": %" PRId64
			     ", \"loss_pct\": %" PRId64 "}",
			     product, material, 50 + pick(2000), 1 + pick(40),
			     pick(10));
	else
		bench_create(SR_RES_RECIPE_LINE,
			     "{\"product_id\": %" PRId64
			     ", \"material_id\": %" PRId64
			     ", \"quantity\": %" PRId64 "}",
			     product, material, 1 + pick(500));
}

static void line_product(int64_t product, int64_t sub)
{
	bench_create(SR_RES_RECIPE_LINE,
		     "{\"product_id\": %" PRId64
		     ", \"sub_product_id\": %" PRId64
		     ", \"quantity\": 1, \"per\": \"batch\", \"batch_yield\": "
		     "%" PRId64 ", \"loss_pct\": %" PRId64 "}",
		     product, sub, 2 + pick(30), pick(8));
}

static void build(int64_t n)
{
	for (int i = 0; i < MATERIALS; i++)
		mat[i] = bench_create(
			SR_RES_MATERIAL,
			"{\"name\": \"Material %d\", \"cost_per_unit\": "
			"%" PRId64 ", \"cost_per\": 1000}",
			i, 50 + pick(5000));
	for (int i = 0; i < BASE; i++) {
		base[i] = bench_create(SR_RES_PRODUCT,
				       "{\"name\": \"Base %d\"}", i);
		for (int k = 0; k < 5; k++)
			line_material(base[i], mat[pick(MATERIALS)], 1);
	}
	for (int i = 0; i < MIDDLE; i++) {
		middle[i] = bench_create(SR_RES_PRODUCT,
					 "{\"name\": \"Middle %d\"}", i);
		for (int k = 0; k < 3; k++)
			line_material(middle[i], mat[pick(MATERIALS)], 0);
		line_product(middle[i], base[pick(BASE)]);
		line_product(middle[i], base[pick(BASE)]);
	}
	for (int64_t i = 0; i < n; i++) {
		top[i] = bench_create(SR_RES_PRODUCT,
				      "{\"name\": \"Top %" PRId64 "\"}", i);
		/* Material 0 is in every top product: the price change. */
		line_material(top[i], mat[0], 0);
		for (int k = 0; k < 2; k++)
			line_material(top[i], mat[1 + pick(MATERIALS - 1)], 0);
		line_product(top[i], middle[pick(MIDDLE)]);
		line_product(top[i], middle[pick(MIDDLE)]);
	}
}

/* Every product's recipe_cost, as text, to compare two roll-ups. */
static char *costs(void)
{
	struct sr_buf out = SR_BUF_INIT(1 << 26), all = SR_BUF_INIT(1 << 26);
	struct sr_fail f = SR_FAIL_INIT;
	struct sr_list_query q = {.limit = SR_LIST_MAX};
	char *text;

	for (int64_t off = 0;; off += SR_LIST_MAX) {
		json_t *doc, *items, *v;
		size_t i;

		q.offset = off;
		sr_buf_reset(&out);
		if (sr_rec_list(bench_store, SR_RES_PRODUCT, &q, &out, &f))
			bench_die("list", &f);
		doc = json_loads(out.data, 0, NULL);
		items = json_object_get(doc, "items");
		json_array_foreach(items, i, v) sr_buf_addf(
			&all,
			"%" JSON_INTEGER_FORMAT "=%" JSON_INTEGER_FORMAT ",",
			json_integer_value(json_object_get(v, "id")),
			json_integer_value(json_object_get(v, "recipe_cost")));
		i = json_array_size(items);
		json_decref(doc);
		if (i < SR_LIST_MAX)
			break;
	}
	text = strdup(all.data);
	sr_buf_release(&out);
	sr_buf_release(&all);
	return text;
}

int main(int argc, char **argv)
{
	int64_t n = 1000, products = 0;
	int repeat = 9;
	const char *dir = NULL;
	struct sr_fail f = SR_FAIL_INIT;
	double *shared, *each, *change, *tree;
	char *a, *b;

	for (int i = 1; i + 1 < argc; i += 2) {
		int64_t v = 0;

		/* A number that is not one is 0, and the usage. */
		if (!strcmp(argv[i], "--products"))
			n = bench_int(argv[i + 1], 1, 1000000, &v) ? v : 0;
		else if (!strcmp(argv[i], "--repeat"))
			repeat = bench_int(argv[i + 1], 1, 10000, &v) ? (int)v
								      : 0;
		else if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
	}
	if (n < 1 || repeat < 1) {
		fprintf(stderr, "usage: bench-recipe [--products N] "
				"[--repeat R] [--dir DIR]\n");
		return 2;
	}
	bench_open("bench-recipe", dir);
	top = calloc((size_t)n, sizeof(*top));
	shared = calloc((size_t)repeat, sizeof(double));
	each = calloc((size_t)repeat, sizeof(double));
	change = calloc((size_t)repeat, sizeof(double));
	tree = calloc((size_t)repeat, sizeof(double));
	if (!top || !shared || !each || !change || !tree)
		bench_die("out of memory", NULL);
	{
		double t0 = bench_now_ms();

		build(n);
		printf("# %" PRId64 " top products, %d middle, %d base, %d "
		       "materials, built through the library in %.0f ms\n",
		       n, MIDDLE, BASE, MATERIALS, bench_now_ms() - t0);
	}
	for (int r = 0; r < repeat; r++) {
		struct sr_buf out = SR_BUF_INIT(1 << 24);
		char body[64];
		double t0;

		t0 = bench_now_ms();
		if (sr_recipe_rollup(bench_store, SR_ROLLUP_SHARED, &products,
				     &f))
			bench_die("rollup shared", &f);
		shared[r] = bench_now_ms() - t0;
		t0 = bench_now_ms();
		if (sr_recipe_rollup(bench_store, SR_ROLLUP_EACH, &products,
				     &f))
			bench_die("rollup each", &f);
		each[r] = bench_now_ms() - t0;
		snprintf(body, sizeof(body), "{\"cost_per_unit\": %d}",
			 1000 + r);
		t0 = bench_now_ms();
		if (sr_rec_update(bench_store, SR_RES_MATERIAL, mat[0], body,
				  strlen(body), 0, &out, &f))
			bench_die("price change", &f);
		change[r] = bench_now_ms() - t0;
		sr_buf_reset(&out);
		t0 = bench_now_ms();
		if (sr_recipe_tree(bench_store, top[r % n], 12, &out, &f))
			bench_die("tree", &f);
		tree[r] = bench_now_ms() - t0;
		sr_buf_release(&out);
	}
	/* The same figures both ways. */
	if (sr_recipe_rollup(bench_store, SR_ROLLUP_EACH, NULL, &f))
		bench_die("rollup each", &f);
	a = costs();
	if (sr_recipe_rollup(bench_store, SR_ROLLUP_SHARED, NULL, &f))
		bench_die("rollup shared", &f);
	b = costs();
	if (strcmp(a, b))
		bench_die("the two roll-ups stored different costs", NULL);
	{
		double ms = bench_median(shared, repeat),
		       me = bench_median(each, repeat);

		printf("| what | median (ms) | per product (µs) |\n"
		       "|---|---:|---:|\n");
		printf("| roll-up of all %" PRId64 " products, shared | %.1f | "
		       "%.1f |\n",
		       products, ms, ms * 1e3 / (double)products);
		printf("| roll-up, each tree on its own (reference) | %.1f | "
		       "%.1f |\n",
		       me, me * 1e3 / (double)products);
		printf("| a material's price change, every product using it "
		       "costed again | %.1f | |\n",
		       bench_median(change, repeat));
		printf("| one top product's tree for 12 | %.2f | |\n",
		       bench_median(tree, repeat));
		printf("# reference / shared: %.2f (%d runs each, interleaved; "
		       "the same costs stored)\n",
		       me / ms, repeat);
	}
	bench_close();
	free(a);
	free(b);
	free(top);
	free(shared);
	free(each);
	free(change);
	free(tree);
	sr_fail_release(&f);
	return 0;
}
