/*
 * fuzz-form.c - the sales import's upload: a multipart/form-data body
 * split into parts (server/form.c) and the plan of choices it carries
 * (sr_import_plan_parse). The first byte picks what the rest is: even, a
 * form body sent with boundary "b0und" (its plan part, if any, parsed
 * too); odd, a plan as JSON. Invariants: a refusal has a code, a field
 * and a message; an accepted form has at most SR_FORM_MAX_PARTS parts,
 * each inside the body, after its head, named, no two alike; an accepted
 * plan has at most SR_IMPORT_MAX_CHOICES choices, each with a UTF-8 name
 * of 1 to SR_SALES_MAX_NAME bytes chosen once (any case), a product id
 * only for map and a price or mode only for create; and releasing it
 * leaves an empty plan.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "form.h"
#include "smallrun/demand.h"
#include "smallrun/sales.h"
#include "smallrun/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void refusal(const struct sr_fail *f)
{
	if (!f->code[0] || !f->message.len || !f->field.len)
		abort();
}

static void check_plan(const char *json, size_t len)
{
	struct sr_import_plan p = SR_IMPORT_PLAN_INIT;
	struct sr_fail f = SR_FAIL_INIT;

	if (sr_import_plan_parse(&p, json, len, &f)) {
		refusal(&f);
	} else {
		if (p.n > SR_IMPORT_MAX_CHOICES)
			abort();
		for (size_t i = 0; i < p.n; i++) {
			const struct sr_import_choice *c = &p.choices[i];
			size_t l = strlen(c->name);

			if (!l || l > SR_SALES_MAX_NAME ||
			    sr_utf8_valid(c->name, l) != l ||
			    (unsigned)c->action >= SR_IMPORT__MAX)
				abort();
			if ((c->action == SR_IMPORT_MAP) != (c->product_id > 0))
				abort();
			if (c->action != SR_IMPORT_CREATE &&
			    (c->price >= 0 || c->mode >= 0))
				abort();
			for (size_t j = 0; j < i; j++)
				if (!strcasecmp(p.choices[j].name, c->name))
					abort();
		}
	}
	sr_import_plan_release(&p);
	if (p.n || p.choices)
		abort();
	sr_fail_release(&f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sr_form_part parts[SR_FORM_MAX_PARTS];
	struct sr_fail f = SR_FAIL_INIT;
	const char *body = (const char *)data + 1;
	size_t n, len = size ? size - 1 : 0;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		check_plan(body, len);
		return 0;
	}
	if (sr_form_parse("multipart/form-data; boundary=b0und", body, len,
			  parts, &n, &f)) {
		refusal(&f);
		sr_fail_release(&f);
		return 0;
	}
	if (n > SR_FORM_MAX_PARTS)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (!parts[i].name[0] || parts[i].data < body ||
		    parts[i].data + parts[i].len > body + len)
			abort();
		for (size_t j = 0; j < i; j++)
			if (!strcmp(parts[i].name, parts[j].name) ||
			    parts[i].data < parts[j].data + parts[j].len)
				abort();
	}
	{
		const struct sr_form_part *plan = sr_form_get(parts, n, "plan");

		if (plan)
			check_plan(plan->data, plan->len);
	}
	sr_fail_release(&f);
	return 0;
}
