// labels.test.mjs - labels in the web app: a material's allergens as
// fourteen checkboxes whose choice the server stores normalised, and a
// batch's "Print labels" page: the preview draws the server's runs with the
// allergens in <strong>, and its link opens the PDF for the layout, copies
// and first label chosen (the PDF itself is read in tests/api/test-labels.c).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	AXE_CONTEXT, apiJSON, apiOK, axeSerious, checkClean, field, gotoRoute, openPage,
	setUpSuite, waitIdle,
} from './helpers.mjs';

let server;
let browser;
let flour;
let batch;

setUpSuite(async (s) => {
	({ server, browser } = s);
	flour = await apiOK(server, '/api/v1/materials', { name: 'Flour', ingredient: 'wheat flour' });
	const water = await apiOK(server, '/api/v1/materials', { name: 'Water', ingredient: 'water', unit: 'ml', grams_each: 1000 });
	const loaf = await apiOK(server, '/api/v1/products', { name: 'Sourdough loaf', food: 1, net_quantity: '800 g' });
	// 500 g of flour, 350 ml of water (350 g): flour first.
	await apiOK(server, '/api/v1/recipe-lines', { product_id: loaf.id, material_id: water.id, quantity: 350 });
	await apiOK(server, '/api/v1/recipe-lines', { product_id: loaf.id, material_id: flour.id, quantity: 500 });
	await apiOK(server, '/api/v1/settings', { workshop_name: 'Hill Bakery', address: '1 Mill Lane\nYork' }, 'PUT');
	batch = await apiOK(server, '/api/v1/batches', { product_id: loaf.id, run_date: '2026-11-25', best_before: '2026-11-30' });
});

test('desktop: allergens ticked on a material are stored and come out bold on the label', async (t) => {
	const { context, page, watch } = await openPage(browser, 'desktop', AXE_CONTEXT);
	await gotoRoute(page, server, `materials/${flour.id}`);
	const group = page.getByRole('group', { name: 'Allergens it carries' });
	await group.waitFor();
	assert.equal(await group.getByRole('checkbox').count(), 14);
	await group.getByRole('checkbox', { name: 'Cereals containing gluten' }).check();
	await page.getByRole('button', { name: /Save/ }).click();
	// The save is done when the page says so, not when the click returns.
	await page.locator('[data-flash]').filter({ hasText: 'Saved material' }).waitFor();
	await waitIdle(page);
	assert.equal((await apiJSON(server, `/api/v1/materials/${flour.id}`)).body.allergens, 'gluten');

	await gotoRoute(page, server, `batches/${batch.id}`);
	await page.getByRole('link', { name: 'Print labels' }).click();
	const label = page.locator('[data-label-preview]');
	await label.waitFor();
	assert.equal(await label.locator('strong').first().innerText(), 'wheat flour');
	assert.match(await label.innerText(), /Ingredients: wheat flour, water/);
	assert.match(await label.innerText(), /Best\s+before\s+30\/11\/2026/);
	assert.ok(await label.locator('img.label__qr').count(), 'a QR code');
	const link = page.locator('[data-labels-pdf]');
	assert.equal(await link.getAttribute('href'), `/api/v1/batches/${batch.id}/labels.pdf?layout=l7160&copies=21&start=1`);
	await field(page, 'Labels').selectOption('l7163');
	await field(page, 'How many').fill('3');
	await field(page, 'Start at label').fill('5');
	assert.equal(await link.getAttribute('href'), `/api/v1/batches/${batch.id}/labels.pdf?layout=l7163&copies=3&start=5`);
	// A start past the sheet's 14 labels: said, and no link to follow.
	await field(page, 'Start at label').fill('15');
	assert.equal(await link.getAttribute('href'), null);
	await page.getByText('starting at a label from 1 to 14').waitFor();
	// What the link opens is a PDF.
	const pdf = await page.request.get(`${server.origin}/api/v1/batches/${batch.id}/labels.pdf?layout=l7163&copies=3&start=5`);
	assert.equal(pdf.status(), 200);
	assert.equal(pdf.headers()['content-type'], 'application/pdf');
	assert.deepEqual(await axeSerious(page, (s) => t.diagnostic(s)), [], 'axe on the labels page');
	checkClean(watch, server.origin);
	await context.close();
});
