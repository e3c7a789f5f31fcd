/* settings.js - the workshop's settings as one form: name, currency,
 * hourly rate, people, storage, and the working hours of each weekday
 * (typed as hours and minutes, stored as minutes); a link to the days
 * off; "Logins": the offer to create the owner's account while there is
 * none, else the accounts and the log of changes (the owner's); and
 * "Your data": every kind of record as a spreadsheet file, and a copy of
 * everything to keep safe (the owner's: it holds the accounts too).
 * Only the owner changes the settings; everyone else sees them. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import { buildForm } from './forms.js';
import { linkButton, loadError, loading, pageHead } from './page.js';
import { mountPhoneAddress } from './phone-address.js';
import { href } from './router.js';
import { loadSettings, resourceSchema, setSettings } from './schema.js';
import { currentUser, may, sessionState } from './session.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/* The files of "Your data", in the order the server exports them. */
const FILES = [
	['products', 'Products'],
	['customers', 'Customers'],
	['suppliers', 'Suppliers'],
	['orders', 'Orders'],
	['batches', 'Batches'],
	['materials', 'Materials'],
	['material-units', 'Units materials are bought in'],
	['recipe-lines', 'Recipes'],
	['purchases', 'Purchases'],
	['purchase-lines', 'Purchase lines'],
	['material-lots', 'Lots of materials'],
	['batch-materials', 'Materials used by batches'],
	['time-entries', 'Time worked'],
	['sales', 'Sales'],
	['quotes', 'Quotes'],
	['invoices', 'Invoices, for your accountant'],
	['days-off', 'Days off'],
	['settings', 'These settings'],
];

/* Days off, beside the working hours they take out. */
function daysOffSection() {
	return h('section', { class: 'settings-more', 'aria-labelledby': 'settings-days-off-h' },
		h('h2', { id: 'settings-days-off-h' }, 'Days off'),
		h('p', {}, 'Holidays and other days the workshop is closed. The plan leaves them empty.'),
		linkButton('Days off', href('days-off'), 'secondary', { 'data-days-off': '' }));
}

/* Logins: who may use smallrun. */
function loginsSection() {
	const me = currentUser();
	const parts = sessionState() === 'local' ? [
		h('p', {}, 'Nobody has an account yet, so smallrun answers only this computer, and whoever uses it may change anything. To open smallrun on a phone, or to let others in with what each may do, create the owner’s account first.'),
		h('p', {}, linkButton('Create the owner’s account', href('setup'), 'primary', { 'data-setup-offer': '' })),
	] : me ? [
		h('p', {}, `You are logged in as ${me.name}. Your password, where you are logged in and your calendar keys are on your account page.`),
		h('p', { class: 'button-row' },
			linkButton('Your account', href('account'), 'secondary'),
			linkButton('Accounts', href('accounts'), 'secondary', { 'data-needs': 'owner', 'data-accounts-link': '' }),
			linkButton('Who changed what', href('audit'), 'secondary', { 'data-needs': 'owner' })),
	] : [];
	if (parts.length === 0)
		return null;
	return h('section', { class: 'settings-more', 'aria-labelledby': 'settings-logins-h', 'data-logins': '' },
		h('h2', { id: 'settings-logins-h' }, 'Logins'), parts);
}

/* "Your data": each kind of record as a spreadsheet file, and a backup. */
function dataSection() {
	return h('section', { class: 'settings-more', 'aria-labelledby': 'settings-data-h', 'data-your-data': '' },
		h('h2', { id: 'settings-data-h' }, 'Your data'),
		h('div', { 'data-needs': 'owner' },
			h('p', {}, 'Everything you keep here is yours. Download a backup now and then and keep it somewhere safe: it holds all your records, and smallrun can open it again.'),
			h('p', {}, h('a', { class: 'button button--primary', href: '/api/v1/backup', download: '', 'data-backup': '' }, 'Download a backup'))),
		h('p', { id: 'settings-files-hint' }, may('owner') ? 'Or take one kind of record to a spreadsheet, as a CSV file:'
			: 'Take one kind of record to a spreadsheet, as a CSV file (a backup of everything is the owner’s to make):'),
		h('ul', { class: 'related settings-files', 'aria-describedby': 'settings-files-hint' },
			FILES.map(([name, label]) => h('li', {},
				h('a', { href: `/api/v1/export/${name}.csv`, download: `${name}.csv`, 'data-export': name }, label)))));
}

/** #/settings */
export async function mountSettings(view, ctx) {
	const body = h('div', { class: 'form-page' }, loading('the settings'));
	fill(view, pageHead({
		title: 'Settings',
		lead: 'About your workshop. Prices, plans and the stock page use these.',
		flash: ctx.flash,
	}), body);
	let schema, settings;
	try {
		[schema, settings] = await Promise.all([resourceSchema('settings'), loadSettings(true)]);
	} catch (err) {
		if (ctx.live())
			fill(body, loadError(err, () => ctx.reload()));
		return;
	}
	if (!ctx.live())
		return;
	const form = buildForm({
		resource: 'settings',
		fields: schema.fields.filter((f) => !f.read_only),
		values: settings,
		mode: 'edit',
		needs: 'owner',
		submitLabel: 'Save settings',
		groups: [
			{ legend: 'Your workshop', fields: ['workshop_name', 'currency', 'workers', 'storage_capacity', 'advised'] },
			{ legend: 'On your labels', fields: ['address', 'base_url'] },
			{
				legend: 'On your quotes and invoices',
				fields: ['vat_number', 'vat_bp', 'quote_days', 'quote_terms', 'invoice_days', 'payment_details'],
			},
			{
				legend: 'Money',
				hint: 'Amounts in your currency, like 18.50. Percentages as whole numbers.',
				fields: ['hourly_rate', 'overhead_per_hour', 'markup_pct', 'wholesale_pct', 'retail_pct', 'holding_pct'],
			},
			{
				legend: 'Working hours',
				hint: 'How long you work each day, as hours and minutes: 8 or 8:00 for eight hours, 7:30 for seven and a half, 0 for a day off.',
				fields: DAYS.map((d) => `hours.${d}`),
				className: 'form__group--days',
			},
		],
		check: (v) => (typeof v.currency === 'string' && !/^[A-Z]{3}$/.test(v.currency)
			? { currency: 'Use a three-letter code in capitals, like GBP, EUR or USD.' } : {}),
		onSubmit: async (out, { changed }) => {
			if (!changed) {
				ctx.go(location.hash, { flash: 'Nothing changed, so nothing was saved.' });
				return;
			}
			const saved = await api.saveSettings(out);
			setSettings(saved);
			ctx.go(location.hash, { flash: 'Settings saved.' });
		},
	});
	fill(body, form.form, daysOffSection(), loginsSection(), dataSection());
	mountPhoneAddress(body, ctx);
}
