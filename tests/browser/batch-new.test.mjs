// batch-new.test.mjs - planning a batch offers only products made in
// batches (or both ways): a made-to-order product is not one to plan a
// run of. With only such products, the page says so.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { apiOK, checkClean, field, gotoRoute, openPage, setUpSuite, waitIdle } from './helpers.mjs';

let server;
let browser;
let products;

setUpSuite(async (s) => {
	({ server, browser } = s);
	products = {
		chair: await apiOK(server, '/api/v1/products', { name: 'Commissioned chair', mode: 'job' }),
		mug: await apiOK(server, '/api/v1/products', { name: 'Mug', mode: 'batch' }),
		bowl: await apiOK(server, '/api/v1/products', { name: 'Bowl', mode: 'both' }),
	};
});

test('desktop: a made-to-order product is not offered when planning a batch', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, server, 'batches/new');
	await page.getByRole('heading', { level: 1, name: 'Plan a batch' }).waitFor();
	await waitIdle(page);
	const offered = await field(page, 'Product').locator('option').allInnerTexts();
	assert.ok(offered.includes('Mug') && offered.includes('Bowl'), JSON.stringify(offered));
	assert.ok(!offered.includes('Commissioned chair'), JSON.stringify(offered));
	checkClean(watch, server.origin);
	await context.close();
});
