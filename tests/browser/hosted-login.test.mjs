// hosted-login.test.mjs - the login page of a hosted server (many
// workshops on one PostgreSQL database, doc/HOSTED.md) asks for the
// workshop, and logs in to the one named; a server of one workshop (a
// SQLite file) asks for none. The hosted half needs the test PostgreSQL
// server of tests/pg-run.sh (SMALLRUN_TEST_PG) and skips without it:
//
//   tests/pg-run.sh env SMALLRUN_BIN=$PWD/build/smallrun \
//       node --test tests/browser/hosted-login.test.mjs

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';

import { addUser, checkClean, field, gotoRoute, launchBrowser, openPage, startServer, waitIdle } from './helpers.mjs';

const PG = process.env.SMALLRUN_TEST_PG;
const PW = 'flour-and-water';

/* Run smallrun with args (and input on stdin); resolves when it exits 0. */
function smallrun(args, input = null) {
	const child = spawn(process.env.SMALLRUN_BIN, args, { stdio: ['pipe', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (chunk) => { stderr += chunk; });
	child.stdin.end(input ?? '');
	return new Promise((resolve, reject) => child.on('exit', (code) =>
		(code === 0 ? resolve() : reject(new Error(`smallrun ${args.join(' ')}: ${stderr}`)))));
}

/* psql on the test server's maintenance database. */
function psql(sql) {
	const child = spawn('psql', ['-q', '-X', '-v', 'ON_ERROR_STOP=1', PG, '-c', sql], { stdio: 'ignore' });
	return new Promise((resolve, reject) => child.on('exit', (code) =>
		(code === 0 ? resolve() : reject(new Error(`psql: ${sql}`)))));
}

let browser;
let hosted;
let single;
const dbName = `browser_${process.pid}`;

before(async () => {
	browser = await launchBrowser();
	single = await startServer();
	await addUser(single, { login: 'ann', role: 'owner', password: PW });
	if (!PG)
		return;
	await psql(`CREATE DATABASE ${dbName}`);
	const uri = PG.replace('/postgres?', `/${dbName}?`);
	hosted = await startServer({ db: uri, args: ['--hosted'] });
	for (const [slug, name] of [['bakery', 'The Bakery'], ['pots', 'Pots']]) {
		await smallrun(['workshop', 'add', slug, '--name', name, '--db', uri]);
		await smallrun(['user', 'add', '--workshop', slug, '--login', 'ann', '--name', `Ann of ${name}`,
			'--role', 'owner', '--password-stdin', '--db', uri], `${PW}\n`);
	}
});

after(async () => {
	await browser?.close();
	for (const s of [single, hosted])
		if (s) {
			const { code, stderr } = await s.stop();
			assert.equal(code, 0, stderr);
		}
	if (PG)
		await psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

test('a server of one workshop asks for no workshop', async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, single, 'login');
	await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
	await waitIdle(page);
	assert.equal(await field(page, 'Workshop').count(), 0);
	assert.equal(await field(page, 'Login').count(), 1);
	checkClean(watch, single.origin, { expectedErrors: ['401 GET /api/v1/session'] });
	await context.close();
});

test('a hosted server asks for the workshop and logs in to the one named', { skip: !PG && 'needs SMALLRUN_TEST_PG (tests/pg-run.sh)' }, async () => {
	const { context, page, watch } = await openPage(browser, 'desktop');
	await gotoRoute(page, hosted, 'login');
	await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
	await waitIdle(page);
	// A wrong workshop is a wrong login, in the server's words.
	await field(page, 'Workshop').fill('nowhere');
	await field(page, 'Login').fill('ann');
	await field(page, 'Password').fill(PW);
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.locator('[data-login-error]').filter({ hasText: 'not right' }).waitFor();
	// The right one, typed as people type it.
	await field(page, 'Workshop').fill(' Pots ');
	await field(page, 'Password').fill(PW);
	await page.getByRole('button', { name: 'Log in' }).click();
	await page.locator('[data-who]').filter({ hasText: 'Ann of Pots' }).waitFor();
	const who = await (await context.request.get(new URL('/api/v1/session', hosted.url).href)).json();
	assert.equal(who.workshop, 'pots');
	assert.equal(who.hosted, true);
		// Logged out, then a workshop that is not one.
	checkClean(watch, hosted.origin, { expectedErrors: ['401 GET /api/v1/session', '401 POST /api/v1/session'] });
	await context.close();
});
