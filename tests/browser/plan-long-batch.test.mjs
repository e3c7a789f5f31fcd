// plan-long-batch.test.mjs - a batch longer than a working day is laid
// over the following working days, and the plan page shows every block:
// "part 1 of 2", then "continued, part 2 of 2" after the day off, the
// blocks' minutes adding up to the batch's own time (setup plus minutes
// per unit times the quantity), on a desktop and on a 390 px phone.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	apiJSON, apiOK, checkClean, gotoRoute, isoDay, openPage, setUpSuite, sidewaysOverflow,
} from './helpers.mjs';

let server;
let browser;
let batch;

const SETUP = 30;
const PER_UNIT = 15;
const QTY = 60;
const NEED = SETUP + PER_UNIT * QTY; // 930 minutes: more than an 8-hour day

setUpSuite(async (s) => {
	({ server, browser } = s);
	const day = 480;
	const hours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
	await apiOK(server, '/api/v1/settings', { day_start: 480, workers: 1, hours }, 'PUT');
	const product = await apiOK(server, '/api/v1/products', {
		name: 'Rye loaf', mode: 'batch', price: 450, setup_minutes: SETUP, minutes_per_unit: PER_UNIT,
	});
	batch = await apiOK(server, '/api/v1/batches', { product_id: product.id, run_date: isoDay(1), planned_qty: QTY });
	await apiOK(server, '/api/v1/days-off', { date: isoDay(2), note: 'Market day' });
});

for (const device of ['desktop', 'phone']) {
	test(`${device}: a long batch shows all its blocks, which add up to its time`, async () => {
		const { context, page, watch } = await openPage(browser, device);
		const plan = (await apiJSON(server, '/api/v1/plan')).body;
		const blocks = plan.days.flatMap((d) => d.workers.flatMap((w) => w.blocks))
			.filter((b) => b.kind === 'batch' && b.id === batch.id);
		assert.equal(blocks.reduce((n, b) => n + b.minutes, 0), NEED);
		assert.equal(blocks.length, 2, JSON.stringify(blocks));

		await gotoRoute(page, server, 'plan');
		const shown = page.locator(`[data-block="batch"][data-id="${batch.id}"]`);
		await shown.first().waitFor();
		assert.equal(await shown.count(), 2);
		assert.match(await shown.nth(0).innerText(), /part 1 of 2/);
		assert.match(await shown.nth(1).innerText(), /continued, part 2 of 2/);
		// The day off between them is shown as such, with no block of the batch.
		const off = page.locator(`.plan-day[data-date="${isoDay(2)}"]`);
		assert.match(await off.innerText(), /Market day/);
		assert.equal(await off.locator(`[data-block="batch"][data-id="${batch.id}"]`).count(), 0);
		if (device === 'phone')
			assert.equal(await sidewaysOverflow(page), 0);
		checkClean(watch, server.origin);
		await context.close();
	});
}
