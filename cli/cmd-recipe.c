/*
 * cmd-recipe.c - `smallrun recipe tree PRODUCT [--quantity N]`: a
 * product's recipe expanded, with what each line needs and costs and the
 * materials added up. The record verbs of recipe lines (`recipe list`,
 * `add`, `show`, `edit`, `rm`) are the generic ones of cmd-records.c.
 */
#include "compat.h"

#include <jansson.h>

#include "cli.h"
#include "smallrun/parse.h"
#include "smallrun/recipe.h"

void cmd_recipe_help(FILE *out)
{
	fprintf(out,
		"Its own verb:\n"
		"  recipe tree PRODUCT [--quantity N] [--json]\n"
		"      PRODUCT (an id or a name) expanded for N units (default "
		"1, at most %d):\n"
		"      each line with what it needs and costs, sub-recipes "
		"inside their line,\n"
		"      and the materials added up. A line per batch needs "
		"its batch's yield\n"
		"      (--per=batch --batch-yield=N); --loss-pct is what is "
		"expected to be lost;\n"
		"      --unit is a unit of the material's base (kg for g, l "
		"for ml, cm or m for\n"
		"      mm, dozen for pcs), left out the base itself.\n\n",
		SR_RECIPE_QTY_MAX);
	cmd_records_help(out, "recipe");
}

/* 1575, 31.5, 0.333: up to three decimals, none when whole. */
static void quantity_text(const json_t *v, char *out, size_t size)
{
	size_t n;

	snprintf(out, size, "%.3f", json_number_value(v));
	n = strlen(out);
	while (n > 0 && out[n - 1] == '0')
		out[--n] = '\0';
	if (n > 0 && out[n - 1] == '.')
		out[--n] = '\0';
}

static void print_lines(const json_t *lines, int depth)
{
	for (size_t i = 0; i < json_array_size(lines); i++) {
		const json_t *l = json_array_get(lines, i);
		const char *unit = cli_str(l, "base_unit", "");
		char qty[48], cost[32];

		quantity_text(json_object_get(l, "needed"), qty, sizeof(qty));
		cli_format_money(json_integer_value(json_object_get(l, "cost")),
				 cost, sizeof(cost));
		printf("  %*s%-*.40s %14s %-4s %10s%s\n", depth * 2, "",
		       32 - depth * 2 > 8 ? 32 - depth * 2 : 8,
		       cli_str(l, "name", "?"), qty, unit, cost,
		       json_is_string(json_object_get(l, "source")) &&
				       !strcmp(cli_str(l, "source", ""),
					       "typed")
			       ? "  (its typed cost)"
			       : "");
		print_lines(json_object_get(l, "lines"), depth + 1);
	}
}

static int print_tree(const json_t *t, const void *ctx)
{
	const json_t *mats = json_object_get(t, "materials");
	json_int_t n = json_integer_value(json_object_get(t, "quantity"));
	char each[32], all[32];

	(void)ctx;
	cli_format_money(json_integer_value(json_object_get(t, "unit_cost")),
			 each, sizeof(each));
	cli_format_money(json_integer_value(json_object_get(t, "cost")), all,
			 sizeof(all));
	printf("%s: materials %s each, %s\n", cli_str(t, "name", "?"), each,
	       strcmp(cli_str(t, "material_cost_source", ""), "recipe")
		       ? "as typed (it has no recipe)"
		       : "from its recipe");
	if (!json_array_size(json_object_get(t, "lines")))
		return CLI_OK;
	printf("For %" JSON_INTEGER_FORMAT ": %s\n", n, all);
	print_lines(json_object_get(t, "lines"), 0);
	printf("Materials for %" JSON_INTEGER_FORMAT ":\n", n);
	for (size_t i = 0; i < json_array_size(mats); i++) {
		const json_t *m = json_array_get(mats, i);
		char qty[48], cost[32];

		quantity_text(json_object_get(m, "needed"), qty, sizeof(qty));
		cli_format_money(json_integer_value(json_object_get(m, "cost")),
				 cost, sizeof(cost));
		printf("  %-32.40s %14s %-4s %10s\n", cli_str(m, "name", "?"),
		       qty, cli_str(m, "unit", ""), cost);
	}
	return CLI_OK;
}

/* `recipe tree ...`: parse (run false: only check), then ask and print. */
static int tree(int argc, char **argv, bool run)
{
	static const struct cli_opt opts[] = {{"quantity", true}};
	struct cli_call c = CLI_CALL_INIT;
	const char *qty_text = NULL;
	struct cli_args a;
	int64_t id = 0, qty = 1;
	int rc;

	rc = cli_parse("recipe", opts, 1, argc - 1, argv + 1, &qty_text, &a);
	if (rc)
		return rc;
	if (a.argc != 1)
		return cli_error("recipe", CLI_USAGE,
				 "which product? 'smallrun recipe tree "
				 "PRODUCT' (an id or a name)");
	if (qty_text && sr_parse_i64z(qty_text, &qty, 1, SR_RECIPE_QTY_MAX))
		return cli_error("recipe", CLI_USAGE,
				 "--quantity must be a whole number from 1 "
				 "to %d",
				 SR_RECIPE_QTY_MAX);
	if (!run)
		return CLI_OK;
	rc = cli_open_store("recipe", a.db, &c.s);
	if (!rc)
		rc = cli_product_id("recipe", c.s, a.argv[0], &id);
	if (!rc)
		rc = cli_answer("recipe", &c,
				sr_recipe_tree(c.s, id, qty, &c.out, &c.f),
				a.json, print_tree, NULL);
	cli_call_release(&c);
	return rc;
}

int cmd_recipe(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "tree"))
		return tree(argc, argv, true);
	return cmd_records(argc, argv);
}

int cmd_recipe_check(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "tree"))
		return tree(argc, argv, false);
	return cmd_records_check(argc, argv);
}
