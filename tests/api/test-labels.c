/*
 * test-labels.c - a batch's labels, read back the way a maker's tools
 * would read them: the real server answers GET .../labels.pdf, poppler's
 * pdfinfo, pdftotext, pdftohtml and pdffonts read the PDF, pdftoppm draws
 * it at 300 dpi and zbarimg scans the codes off the picture. Also the
 * ingredients list (GET /products/{id}/ingredients), the allergen field,
 * the refusals, and `smallrun label`. Every expected figure is worked out
 * by hand beside it.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

API_SUITE(labels);

#define PT_PER_MM (72.0 / 25.4)
#define CODE "SOUR-20261125-1"
/* The harness sends "Host: 127.0.0.1": the QR code opens that. */
#define TRACE "http://127.0.0.1/#/trace?code=" CODE

/*
 * The baker's sourdough, one loaf:
 *   wheat flour     450 g
 *   water           300 ml × 1000 mg/ml = 300 g
 *   starter         1 of a sub-recipe named "starter" as an ingredient:
 *                   100 g flour + 100 ml water = 200 g, listed as
 *                   "starter (wheat flour, water)" (equal weights: first
 *                   met first)
 *   unsalted butter 20 g, carries milk but does not name it: "(milk)"
 *   salt            9 g
 * Heaviest first: wheat flour 450, water 300, starter 200, butter 20,
 * salt 9. Allergens: gluten (the flour) and milk (the butter).
 */
#define LIST                                                                   \
	"wheat flour, water, starter (wheat flour, water), unsalted butter "   \
	"(milk), salt"

struct bakery {
	long long product, batch;
};

static struct bakery bakery(void)
{
	struct bakery b;
	long long flour, water, salt, butter, starter;

	flour = add_material("{\"name\": \"Flour\", \"ingredient\": \"wheat "
			     "flour\", \"allergens\": \"Gluten\"}");
	water = add_material("{\"name\": \"Water\", \"ingredient\": "
			     "\"water\", \"unit\": \"ml\", \"grams_each\": "
			     "1000}");
	salt = add_material("{\"name\": \"Salt\", \"ingredient\": \"salt\"}");
	butter = add_material("{\"name\": \"Butter\", \"ingredient\": "
			      "\"unsalted butter\", \"allergens\": \"milk\"}");
	starter = add_product("{\"name\": \"Sourdough starter\", "
			      "\"ingredient\": \"starter\"}");
	b.product = add_product(
		"{\"name\": \"Sourdough loaf\", \"food\": 1, \"storage\": "
		"\"Store in a cool dry place\", \"net_quantity\": \"800 g\", "
		"\"may_contain\": \"sesame\"}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 100}",
		   starter, flour);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 100}",
		   starter, water);
	/* Entered out of weight order, so the order is the list's own. */
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 9}",
		   b.product, salt);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 300}",
		   b.product, water);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"sub_product_id\": %lld, "
		   "\"quantity\": 1}",
		   b.product, starter);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 20}",
		   b.product, butter);
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 450}",
		   b.product, flour);
	json_decref(call("PUT", API "/settings",
			 "{\"workshop_name\": \"Hill Bakery\", \"address\": "
			 "\"1 Mill Lane\\nYork\\nYO1 1AA\"}",
			 200));
	b.batch = add_batch("{\"product_id\": %lld, \"run_date\": "
			    "\"2026-11-25\", \"best_before\": \"2026-11-30\", "
			    "\"planned_qty\": 21}",
			    b.product);
	return b;
}

/* ---- running the readers ------------------------------------------------ */

/* The text of a page, lines joined by spaces and no-break spaces made
 * plain ones, so a wrapped list reads as one. */
static char *page_text(const char *file)
{
	char *t = tool_output("pdftotext -enc UTF-8 -f 1 -l 1 '%s' -", file);
	char *w = t;

	for (char *p = t; *p; p++) {
		if ((unsigned char)p[0] == 0xc2 &&
		    (unsigned char)p[1] == 0xa0) {
			*w++ = ' ';
			p++;
		} else {
			*w++ = *p == '\n' ? ' ' : *p;
		}
	}
	*w = '\0';
	return t;
}

static double attr(const char *tag, const char *name)
{
	char key[32];
	const char *p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(tag, key);
	cr_assert_not_null(p, "%s has no %s", tag, name);
	return strtod(p + strlen(key), NULL);
}

/* The top left corners (pt) of each word w on page 1, from pdftotext's
 * boxes, in reading order; returns how many. */
static size_t word_boxes(const char *file, const char *w, double *x, double *y,
			 size_t max)
{
	char *t = tool_output("pdftotext -bbox -f 1 -l 1 '%s' -", file);
	char want[128];
	size_t n = 0;

	snprintf(want, sizeof(want), ">%s</word>", w);
	for (char *p = strstr(t, want); p; p = strstr(p + 1, want)) {
		char *tag = p;

		while (tag > t && strncmp(tag, "<word", 5))
			tag--;
		*p = '\0';
		cr_assert_lt(n, max);
		x[n] = attr(tag, "xMin");
		y[n] = attr(tag, "yMin");
		n++;
		*p = '>';
	}
	free(t);
	return n;
}

/* ---- the tests ------------------------------------------------------------
 */

Test(labels, the_ingredients_come_from_the_recipe_by_weight)
{
	struct bakery b = bakery();
	json_t *in = getf(API "/products/%lld/ingredients", b.product);
	json_t *runs = json_object_get(in, "ingredients");
	/* The runs: bold exactly where an allergen is named. */
	static const struct {
		const char *text;
		bool bold;
	} want[] = {
		{"wheat flour", true}, {", water, starter (", false},
		{"wheat flour", true}, {", water), unsalted butter (", false},
		{"milk", true},	       {"), salt", false},
	};

	cr_assert_str_eq(jstr(in, "text"), LIST);
	cr_assert_eq(json_array_size(runs), COUNT(want));
	for (size_t i = 0; i < COUNT(want); i++) {
		json_t *r = json_array_get(runs, i);

		cr_expect_str_eq(jstr(r, "text"), want[i].text);
		cr_expect_eq(json_is_true(json_object_get(r, "bold")),
			     want[i].bold, "run %zu", i);
	}
	cr_expect_eq(json_array_size(json_object_get(in, "allergens")), 2);
	cr_expect_str_eq(jstr(in, "allergens.0"), "gluten");
	cr_expect_str_eq(jstr(in, "allergens.1"), "milk");
	cr_expect_str_eq(jstr(in, "may_contain"), "sesame");
	cr_expect(json_is_true(json_object_get(in, "complete")));
	cr_expect_eq(json_array_size(json_object_get(in, "missing")), 0);
	json_decref(in);
}

Test(labels, an_allergen_outside_the_fourteen_is_refused)
{
	json_t *m;

	call_fails("POST", API "/materials",
		   "{\"name\": \"Pecans\", \"allergens\": \"nuts,pecan\"}", 400,
		   "bad_value", "allergens");
	/* Stored normalised: the law's order, each once, lower case. */
	m = call("POST", API "/materials",
		 "{\"name\": \"Mix\", \"allergens\": \" Soya, milk,,SOYA ,"
		 "celery\"}",
		 201);
	cr_expect_str_eq(jstr(m, "allergens"), "celery,milk,soya");
	json_decref(m);
	/* And the schema gives the web form its fourteen boxes. */
	m = get(API "/schema");
	{
		char *dump = json_dumps(m, 0);

		cr_expect(strstr(dump, "\"sulphites\"") != NULL);
		free(dump);
	}
	json_decref(m);
}

Test(labels, a_sheet_is_a4_with_the_list_in_order_and_allergens_bold)
{
	struct bakery b = bakery();
	char path[128], *file, *info, *text, *xml, *fonts;
	const char *p;
	int bold_flour = 0, bold_milk = 0;

	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7160&copies=3", b.batch);
	file = fetch_pdf(path, "labels-", "sheet.pdf");
	info = tool_output("pdfinfo '%s'", file);
	/* A4: 210 × 297 mm = 595.28 × 841.89 pt, one page for 3 labels. */
	cr_expect(strstr(info, "Page size:       595.276 x 841.89 pts (A4)"),
		  "%s", info);
	cr_expect(strstr(info, "Pages:           1\n"), "%s", info);
	text = page_text(file);
	cr_expect(strstr(text, "Ingredients: " LIST), "%s", text);
	cr_expect(strstr(text, "May contain: sesame"), "%s", text);
	cr_expect(strstr(text, "Best before 30/11/2026"), "%s", text);
	cr_expect(strstr(text, "L " CODE), "%s", text);
	cr_expect(strstr(text, "800 g"), "%s", text);
	cr_expect(strstr(text, "Store in a cool dry place"), "%s", text);
	cr_expect(strstr(text, "Hill Bakery, 1 Mill Lane, York, YO1 1AA"), "%s",
		  text);
	/* The runs' fonts: pdftohtml marks text in a bold font <b>. */
	xml = tool_output("pdftohtml -xml -i -stdout -f 1 -l 1 '%s'", file);
	for (p = strstr(xml, "<text "); p; p = strstr(p + 1, "<text ")) {
		const char *body = strchr(p, '>') + 1;
		bool bold = !strncmp(body, "<b>", 3);

		if (!strncmp(body, "<b>wheat flour</b>", 18))
			bold_flour++;
		if (!strncmp(body, "<b>milk</b>", 11))
			bold_milk++;
		/* Nothing else of the list is bold (the name is a title). */
		if (bold)
			cr_expect(
				!strncmp(body, "<b>wheat flour</b>", 18) ||
					!strncmp(body, "<b>milk</b>", 11) ||
					!strncmp(body, "<b>Sourdough loaf", 17),
				"bold: %.60s", body);
		/* A plain run holds no bold part within it either. */
		if (!bold) {
			size_t n = (size_t)(strstr(body, "</text>") - body);

			cr_expect(!memmem(body, n, "<b>", 3), "%.*s", (int)n,
				  body);
		}
	}
	/* Twice on each of 3 labels: the flour and the starter's flour. */
	cr_expect_eq(bold_flour, 6);
	cr_expect_eq(bold_milk, 3);
	/* Every font embedded (pdffonts' "emb" column). */
	fonts = tool_output("pdffonts '%s' | tail -n +3", file);
	cr_expect(strlen(fonts) > 0);
	for (char *line = fonts; *line;) {
		size_t n = strcspn(line, "\n");
		bool last = line[n] == '\0';

		line[n] = '\0';
		cr_expect(strstr(line, " yes yes yes "), "not embedded: %s",
			  line);
		line += n + !last;
	}
	free(fonts);
	free(xml);
	free(text);
	free(info);
	free(file);
}

Test(labels, labels_stand_at_the_sheets_pitches)
{
	struct bakery b = bakery();
	char path[128], *file;
	double x[32], y[32];
	size_t n;

	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7160&copies=21",
		 b.batch);
	file = fetch_pdf(path, "labels-", "full.pdf");
	n = word_boxes(file, "Sourdough", x, y, 32);
	cr_assert_eq(n, 21);
	/*
	 * L7160: 3 across and 7 down, the first at 7.25 mm from the left
	 * and 15.15 mm from the top, 66.0 mm across and 38.1 mm down from
	 * one to the next; a label's text starts 2 mm inside it. Label i
	 * (left to right, then down) starts its name at
	 * (7.25 + 2 + 66.0 × (i % 3), 15.15 + 2 + 38.1 × (i / 3)) mm.
	 */
	for (size_t i = 0; i < n; i++) {
		double wx = (7.25 + 2 + 66.0 * (double)(i % 3)) * PT_PER_MM;
		double wy = (15.15 + 2 + 38.1 * (double)(i / 3)) * PT_PER_MM;
		bool found = false;

		for (size_t k = 0; k < n && !found; k++)
			found = fabs(x[k] - wx) < 0.1 && fabs(y[k] - wy) < 0.1;
		cr_expect(found, "no label %zu at %.2f, %.2f pt", i + 1, wx,
			  wy);
	}
	free(file);
	/* L7163: 2 across; label 4 is the second of row 2:
	 * (4.65 + 2 + 101.6, 15.15 + 2 + 38.1) mm. */
	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7163&copies=1&start=4",
		 b.batch);
	file = fetch_pdf(path, "labels-", "start4.pdf");
	n = word_boxes(file, "Sourdough", x, y, 32);
	cr_assert_eq(n, 1);
	cr_expect(fabs(x[0] - (4.65 + 2 + 101.6) * PT_PER_MM) < 0.1, "x %f",
		  x[0]);
	cr_expect(fabs(y[0] - (15.15 + 2 + 38.1) * PT_PER_MM) < 0.1, "y %f",
		  y[0]);
	free(file);
}

Test(labels, starting_at_label_k_fills_the_sheet_then_the_next)
{
	struct bakery b = bakery();
	char path[128], *file, *info;
	double x[32], y[32];

	/* Start at 20 of 21 (row 7, column 2), 3 copies: 20 and 21 on the
	 * first sheet, the third at the top left of a second. */
	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7160&copies=3&start=20",
		 b.batch);
	file = fetch_pdf(path, "labels-", "k.pdf");
	info = tool_output("pdfinfo '%s'", file);
	cr_expect(strstr(info, "Pages:           2\n"), "%s", info);
	cr_assert_eq(word_boxes(file, "Sourdough", x, y, 32), 2);
	cr_expect(fabs(x[0] - (7.25 + 2 + 66.0) * PT_PER_MM) < 0.1);
	cr_expect(fabs(y[0] - (15.15 + 2 + 38.1 * 6) * PT_PER_MM) < 0.1);
	free(info);
	info = tool_output("pdftotext -bbox -f 2 -l 2 '%s' - | grep -c "
			   "'>Sourdough</word>'",
			   file);
	cr_expect_eq(atoi(info), 1);
	free(info);
	free(file);
}

/* Scan the first label of file (a sheet's at left, top mm; w × h mm). */
static char *scan(const char *file, double left, double top, double w, double h)
{
	double px = 300 / 25.4;

	return tool_output(
		"pdftoppm -r 300 -f 1 -l 1 -x %d -y %d -W %d -H %d -png "
		"'%s' '%s.scan' && zbarimg -q '%s.scan-1.png' 2>/dev/null",
		(int)(left * px), (int)(top * px), (int)(w * px), (int)(h * px),
		file, file, file);
}

Test(labels, the_qr_opens_the_trace_and_the_code_128_is_the_code)
{
	struct bakery b = bakery();
	char path[128], *file, *codes;

	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7160&copies=2", b.batch);
	file = fetch_pdf(path, "labels-", "codes.pdf");
	codes = scan(file, 7.25, 15.15, 63.5, 38.1);
	cr_expect(strstr(codes, "QR-Code:" TRACE "\n"), "%s", codes);
	cr_expect(strstr(codes, "CODE-128:" CODE "\n"), "%s", codes);
	free(codes);
	free(file);
	/* The settings' base_url wins over the request's address. */
	json_decref(call("PUT", API "/settings",
			 "{\"base_url\": \"https://shop.example/\"}", 200));
	call_fails("PUT", API "/settings",
		   "{\"base_url\": \"javascript:alert(1)\"}", 400, "bad_value",
		   "base_url");
	file = fetch_pdf(path, "labels-", "codes2.pdf");
	codes = scan(file, 7.25, 15.15, 63.5, 38.1);
	cr_expect(strstr(codes,
			 "QR-Code:https://shop.example/#/trace?code=" CODE
			 "\n"),
		  "%s", codes);
	free(codes);
	free(file);
}

Test(labels, a_roll_is_62_mm_wide_a_label_a_page)
{
	struct bakery b = bakery();
	char path[128], *file, *info, *codes;
	double w, h;

	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=roll62&copies=2",
		 b.batch);
	file = fetch_pdf(path, "labels-", "roll.pdf");
	info = tool_output("pdfinfo '%s'", file);
	cr_expect(strstr(info, "Pages:           2\n"), "%s", info);
	cr_assert_eq(sscanf(strstr(info, "Page size:"), "Page size: %lf x %lf",
			    &w, &h),
		     2);
	/* 62 mm = 175.75 pt; as long as the label, no A4 page. */
	cr_expect(fabs(w - 62 * PT_PER_MM) < 0.01, "%f", w);
	cr_expect(h > 30 * PT_PER_MM && h < 150 * PT_PER_MM, "%f", h);
	codes = scan(file, 0, 0, 62, h / PT_PER_MM);
	cr_expect(strstr(codes, "QR-Code:" TRACE "\n"), "%s", codes);
	cr_expect(strstr(codes, "CODE-128:" CODE "\n"), "%s", codes);
	free(codes);
	free(info);
	free(file);
}

Test(labels, text_that_cannot_fit_is_refused_not_shrunk)
{
	struct bakery b = bakery();
	char path[128];
	struct resp r;
	char spice[160];

	/* Twenty spices more: far more text than 38.1 × 21.2 mm holds at
	 * 0.9 mm. */
	for (int i = 0; i < 20; i++) {
		snprintf(spice, sizeof(spice),
			 "{\"name\": \"Spice %d\", \"ingredient\": "
			 "\"ground spice number %d of the house blend\"}",
			 i, i);
		add_record("recipe-lines",
			   "{\"product_id\": %lld, \"material_id\": %lld, "
			   "\"quantity\": 1}",
			   b.product, add_record("materials", "%s", spice));
	}
	snprintf(path, sizeof(path),
		 API "/batches/%lld/labels.pdf?layout=l7651", b.batch);
	http(&server, "GET", path, NULL, NULL, &r);
	assert_field_error(&r, 409, "label_does_not_fit", "layout");
	cr_expect(strstr(jstr(r.json, "error.message"), "The text needs"), "%s",
		  r.body);
	cr_expect(strstr(jstr(r.json, "error.message"), "roll62"), "%s",
		  r.body);
	resp_free(&r);
}

Test(labels, a_food_label_that_cannot_be_right_is_refused)
{
	struct bakery b = bakery();
	long long eggs, nodate;
	char path[128];
	struct resp r;

	/* A batch with no best-before date. */
	nodate = add_batch("{\"product_id\": %lld, \"run_date\": "
			   "\"2026-11-26\"}",
			   b.product);
	snprintf(path, sizeof(path), API "/batches/%lld/labels.pdf", nodate);
	http(&server, "GET", path, NULL, NULL, &r);
	assert_field_error(&r, 409, "no_date", "best_before");
	resp_free(&r);
	/* Eggs counted in pcs with no weight: no order by weight. */
	eggs = add_material("{\"name\": \"Eggs\", \"unit\": \"pcs\", "
			    "\"allergens\": \"eggs\"}");
	add_record("recipe-lines",
		   "{\"product_id\": %lld, \"material_id\": %lld, "
		   "\"quantity\": 2}",
		   b.product, eggs);
	snprintf(path, sizeof(path), API "/batches/%lld/labels.pdf", b.batch);
	http(&server, "GET", path, NULL, NULL, &r);
	assert_error(&r, 409, "ingredients_incomplete");
	cr_expect(strstr(jstr(r.json, "error.message"), "grams_each"), "%s",
		  r.body);
	resp_free(&r);
	/* With its weight (55 g an egg, 2 eggs: 110 g) the eggs go after
	 * the starter's 200 g and before the butter's 20 g, bold: "Eggs"
	 * names eggs. Its missing ingredient name is said, and no bar. */
	snprintf(path, sizeof(path), API "/materials/%lld", eggs);
	json_decref(call("PATCH", path, "{\"grams_each\": 55000}", 200));
	{
		json_t *in = getf(API "/products/%lld/ingredients", b.product);

		cr_expect_str_eq(jstr(in, "text"),
				 "wheat flour, water, starter (wheat flour, "
				 "water), Eggs, unsalted butter (milk), salt");
		cr_expect_str_eq(jstr(in, "ingredients.4.text"), "Eggs");
		cr_expect(json_is_true(json_object_get(
			json_array_get(json_object_get(in, "ingredients"), 4),
			"bold")));
		cr_expect_str_eq(jstr(in, "missing.0.what"), "ingredient");
		cr_expect_eq(jint(in, "missing.0.material_id"), eggs);
		cr_expect(json_is_true(json_object_get(in, "complete")));
		json_decref(in);
	}
	snprintf(path, sizeof(path), API "/batches/%lld/labels.pdf", b.batch);
	free(fetch_pdf(path, "labels-", "eggs.pdf"));
}

Test(labels, bad_parameters_are_400_naming_them)
{
	struct bakery b = bakery();
	char path[128];
	struct resp r;
	static const struct {
		const char *query, *code, *field;
	} bad[] = {
		{"layout=a4", "bad_value", "layout"},
		{"copies=0", "out_of_range", "copies"},
		{"copies=1001", "out_of_range", "copies"},
		{"start=22", "out_of_range", "start"}, /* l7160 has 21 */
		{"layout=roll62&start=2", "out_of_range", "start"},
		{"start=66", "out_of_range", "start"},
		{"size=big", "unknown_param", "size"},
	};

	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(path, sizeof(path), API "/batches/%lld/labels.pdf?%s",
			 b.batch, bad[i].query);
		http(&server, "GET", path, NULL, NULL, &r);
		assert_field_error(&r, 400, bad[i].code, bad[i].field);
		resp_free(&r);
	}
	http(&server, "GET", API "/batches/999/labels.pdf", NULL, NULL, &r);
	assert_error(&r, 404, "not_found");
	resp_free(&r);
}

Test(labels, a_product_that_is_not_food_gets_a_plain_label)
{
	long long pot = add_product("{\"name\": \"Mug\"}");
	long long batch = add_batch(
		"{\"product_id\": %lld, \"run_date\": \"2026-11-25\"}", pot);
	json_t *s = call("PUT", API "/settings",
			 "{\"workshop_name\": \"Kiln Lane Pottery\"}", 200);
	json_t *label = getf(API "/batches/%lld/label", batch);
	char path[128], *file, *text;
	const char *code = jstr(label, "code");

	snprintf(path, sizeof(path), API "/batches/%lld/labels.pdf", batch);
	file = fetch_pdf(path, "labels-", "plain.pdf");
	text = page_text(file);
	cr_expect(strstr(text, "Mug"), "%s", text);
	cr_expect(strstr(text, "Batch "), "%s", text);
	cr_expect(strstr(text, code), "%s", text);
	cr_expect(strstr(text, "Made 25/11/2026"), "%s", text);
	cr_expect(strstr(text, "Kiln Lane Pottery"), "%s", text);
	cr_expect(!strstr(text, "Ingredients"), "%s", text);
	cr_expect(json_is_false(json_object_get(label, "food")));
	cr_expect(json_is_null(json_object_get(label, "qr_svg")));
	free(text);
	free(file);
	json_decref(label);
	json_decref(s);
}

Test(labels, the_preview_says_what_the_pdf_says)
{
	struct bakery b = bakery();
	json_t *l = getf(API "/batches/%lld/label?layout=l7163", b.batch);

	cr_expect_str_eq(jstr(l, "layout.name"), "l7163");
	cr_expect_str_eq(jstr(l, "name"), "Sourdough loaf");
	cr_expect_str_eq(jstr(l, "ingredients.0.text"), "wheat flour");
	cr_expect(json_is_true(json_object_get(
		json_array_get(json_object_get(l, "ingredients"), 0), "bold")));
	cr_expect_str_eq(jstr(l, "trace_url"), TRACE);
	cr_expect_str_eq(jstr(l, "date_line"), "Best\xc2\xa0"
					       "before\xc2\xa0"
					       "30/11/2026");
	cr_expect(!strncmp(jstr(l, "qr_svg"), "<svg", 4));
	json_decref(l);
}

Test(labels, the_command_line_writes_the_same_labels)
{
	struct bakery b = bakery();
	char *out, *text, *file = NULL;

	cr_assert(asprintf(&file, "%s/cli.pdf", server.dir) > 0);
	/* The server's database, read while it serves. */
	out = tool_output(
		"'%s' label " CODE " --db '%s' --layout l7163 --copies 2 "
		"--base-url http://10.0.0.2:8080 -o '%s' && echo done",
		getenv("SMALLRUN_BIN"), server.db, file);
	cr_expect_str_eq(out, "done\n");
	free(out);
	text = page_text(file);
	cr_expect(strstr(text, "Ingredients: " LIST), "%s", text);
	free(text);
	out = tool_output("'%s' label %lld --db '%s' -o '%s' 2>&1; echo rc=$?",
			  getenv("SMALLRUN_BIN"), b.batch, server.db, file);
	/* No base_url in the settings and none given: said, exit 1. */
	cr_expect(strstr(out, "base_url") && strstr(out, "rc=1"), "%s", out);
	free(out);
	out = tool_output("'%s' label 1 --db '%s' --copies 0 -o x.pdf 2>&1; "
			  "echo rc=$?",
			  getenv("SMALLRUN_BIN"), server.db);
	cr_expect(strstr(out, "--copies") && strstr(out, "rc=2"), "%s", out);
	free(out);
	free(file);
}
