// recipe.test.mjs - the recipe editor on a product's page: add a material
// line in another unit (2 kg of a material counted in grams), a line of
// another product per batch with its yield and a loss, see the cost rolled
// up by the server, remove a line, and be told plainly (with a link) when a
// line would make a product part of itself; on a 390 px phone the editor
// fits with nothing to scroll sideways and every control big enough to tap.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, openPage,
	setUpSuite, sidewaysOverflow, smallTargets, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let flour;
let salt;
let dough;
let loaf;

setUpSuite(async (s) => {
	({ server, browser } = s);
	// Flour 110p for 1000 g, salt 50p for 1000 g.
	flour = await apiOK(server, '/api/v1/materials', { name: 'Flour', unit: 'g', cost_per_unit: 110, cost_per: 1000 });
	salt = await apiOK(server, '/api/v1/materials', { name: 'Salt', unit: 'g', cost_per_unit: 50, cost_per: 1000 });
	dough = await apiOK(server, '/api/v1/products', { name: 'Dough', mode: 'batch' });
	loaf = await apiOK(server, '/api/v1/products', { name: 'Loaf', price: 450, material_cost: 99 });
});

const recipe = (page) => page.locator('[data-section="recipe"]');

/* Fill the add-a-line form and wait for the line to show. */
async function addLine(page, { uses, quantity, unit = null, per = null, batchYield = null, loss = null }) {
	const r = recipe(page);
	await field(r, 'Uses').selectOption({ label: uses });
	await field(r, 'Quantity').fill(String(quantity));
	if (unit)
		await field(r, 'Unit').selectOption(unit);
	if (per)
		await field(r, 'For').selectOption(per);
	if (batchYield !== null)
		await field(r, 'How many one batch makes').fill(String(batchYield));
	if (loss !== null)
		await field(r, 'Expected loss').fill(String(loss));
	await r.getByRole('button', { name: 'Add to the recipe' }).click();
}

test('desktop: a recipe built line by line costs what the server works out', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, `products/${dough.id}`);
	const r = recipe(page);
	await r.getByText('No recipe yet').waitFor();

	// 2 kg of flour for a batch of one: 2000 g at 0.11p = 220p.
	await addLine(page, { uses: 'Flour (g)', quantity: 2, unit: 'kg', per: 'batch', batchYield: 1 });
	await r.getByText('Added Flour to the recipe.').waitFor();
	assert.equal(await r.locator('[data-recipe-cost]').getAttribute('data-recipe-cost'), '220');
	// 40 g of salt each: 2p; 222p in all.
	await addLine(page, { uses: 'Salt (g)', quantity: 40 });
	await r.getByText('Added Salt to the recipe.').waitFor();
	assert.equal(await r.locator('[data-recipe-cost]').getAttribute('data-recipe-cost'), '222');
	assert.match(await r.locator('.recipe__cost').innerText(), /£2\.22/);
	const rows = r.locator('[data-table="recipe"] tbody tr');
	assert.equal(await rows.count(), 2);
	assert.match(await rows.nth(0).innerText(), /Flour[\s\S]*2 kg[\s\S]*a batch of 1/);
	assert.equal(await rows.nth(1).locator('[data-line-cost]').getAttribute('data-line-cost'), '2');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the editor');

	// The loaf: one dough for three, 5% lost: 222 × 1.05 / 3 = 77.7p, 78.
	await gotoRoute(page, server, `products/${loaf.id}`);
	await recipe(page).getByText('No recipe yet').waitFor();
	await addLine(page, { uses: 'Dough', quantity: 1, per: 'batch', batchYield: 3, loss: 5 });
	await recipe(page).getByText('Added Dough to the recipe.').waitFor();
	assert.equal(await recipe(page).locator('[data-recipe-cost]').getAttribute('data-recipe-cost'), '78');
	const stored = (await apiJSON(server, `/api/v1/products/${loaf.id}`)).body;
	assert.equal(stored.recipe_cost, 78);
	assert.equal(stored.material_cost_source, 'recipe');

	// Dough made of Loaf would be Dough → Loaf → Dough: refused, said, linked.
	await gotoRoute(page, server, `products/${dough.id}`);
	await recipe(page).locator('[data-table="recipe"]').waitFor();
	await addLine(page, { uses: 'Loaf', quantity: 1 });
	const error = recipe(page).locator('[data-recipe-error]');
	await error.getByText('Not added.').waitFor();
	assert.match(await error.innerText(), /Dough → Loaf → Dough/);
	assert.equal(await error.locator('a[data-names="products"]').first().getAttribute('href'), `#/products/${dough.id}`);
	assert.equal((await apiJSON(server, `/api/v1/recipe-lines?product_id=${dough.id}`)).body.total, 2);

	// Removing the salt: 220p again, and the loaf follows (220 × 1.05 / 3 = 77p).
	await recipe(page).getByRole('button', { name: 'Remove Salt from the recipe' }).click();
	await recipe(page).getByText('Removed Salt from the recipe.').waitFor();
	assert.equal(await recipe(page).locator('[data-recipe-cost]').getAttribute('data-recipe-cost'), '220');
	assert.equal((await apiJSON(server, `/api/v1/products/${loaf.id}`)).body.recipe_cost, 77);
	await waitIdle(page);
	checkClean(watch, server.origin, { expectedErrors: ['409 POST /api/v1/recipe-lines'] });
	await context.close();
});

test('phone: the recipe editor fits a 390 px screen and its controls can be tapped', async () => {
	const { context, page, watch } = await openPage(browser, 'phone');
	await gotoRoute(page, server, `products/${loaf.id}`);
	const r = recipe(page);
	await r.locator('[data-table="recipe"]').waitFor();
	await r.scrollIntoViewIfNeeded();
	assert.equal(await sidewaysOverflow(page), 0);
	assert.deepEqual(await smallTargets(page, '[data-section="recipe"] select, [data-section="recipe"] input, [data-section="recipe"] button'), []);
	// Adding from the phone works the same: 10 g of salt each, 0.5p → 78p.
	await field(r, 'Uses').selectOption({ label: 'Salt (g)' });
	await field(r, 'Quantity').fill('10');
	await r.getByRole('button', { name: 'Add to the recipe' }).tap();
	await r.getByText('Added Salt to the recipe.').waitFor();
	// 77p of dough (76.999…: 220 × 1.05 / 3 = 77) + 0.5p = 77.5p: 78.
	assert.equal(await r.locator('[data-recipe-cost]').getAttribute('data-recipe-cost'), '78');
	assert.equal(await sidewaysOverflow(page), 0);
	checkClean(watch, server.origin);
	await context.close();
});

test('desktop: a material shows what it is bought in, a supplier what is bought from it', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	const mill = await apiOK(server, '/api/v1/suppliers', { name: 'Shipton Mill', lead_time_days: 3 });
	const rye = await apiOK(server, '/api/v1/materials', { name: 'Rye flour', supplier_id: mill.id, pack_size: 16000, pack_price: 1840 });
	// A new material with a pack's price and no cost takes the pack's.
	assert.equal(rye.cost_per_unit, 1840);
	assert.equal(rye.cost_per, 16000);

	await gotoRoute(page, server, `materials/${rye.id}`);
	const units = page.locator('[data-related="units"]');
	await units.getByText('Only in g so far').waitFor();
	await units.getByRole('link', { name: 'Add a purchase unit' }).click();
	await page.getByRole('heading', { level: 1, name: 'Add a purchase unit' }).waitFor();
	assert.equal(await field(page, 'Material').inputValue(), String(rye.id));
	await field(page, 'Name').fill('16 kg sack');
	await field(page, 'Holds').fill('16000');
	await page.getByRole('button', { name: 'Add a purchase unit' }).click();
	await page.locator('[data-related="units"] [data-list="material-units"]').waitFor();
	assert.match(await page.locator('[data-related="units"]').innerText(), /16 kg sack\s*holds 16,000 g/);
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the material page');

	await gotoRoute(page, server, `suppliers/${mill.id}`);
	const bought = page.locator('[data-related="materials"]');
	await bought.getByRole('link', { name: 'Rye flour' }).waitFor();
	assert.equal(await bought.getByRole('link', { name: 'Flour', exact: true }).count(), 0);
	await waitIdle(page);
	checkClean(watch, server.origin);
	await context.close();
});
