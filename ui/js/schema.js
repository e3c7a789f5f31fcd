/* schema.js - what the records are, from the server, and what to call them.
 *
 * GET /api/v1/schema describes every resource: its fields with their
 * types, bounds and lists of values, its filters and its summary columns.
 * Forms, checks and tables are built from that one description. This file
 * adds only the words a maker reads: a label and a hint for each field,
 * names for enum values, and how a record is named in a list. */

import { api } from './api.js';
import { capitalize, h, sentence } from './dom.js';
import { dateText } from './format.js';
import { href } from './router.js';
import { currentUser } from './session.js';

/* ---- words ------------------------------------------------------------ */

/*
 * Per resource, per field: label, hint, values (names of enum values),
 * kind (how to show it when the type alone is not enough: "long" text,
 * "email", "tel", "duration" minutes typed as hours:minutes), and
 * initial (what a new record's input starts with: a value, or a function).
 */
const ORDER_STATUS = {
	quoted: 'Quoted',
	accepted: 'Accepted',
	in_progress: 'In progress',
	done: 'Done',
	delivered: 'Delivered',
	cancelled: 'Cancelled',
};

const BATCH_STATUS = {
	planned: 'Planned',
	running: 'Running',
	done: 'Done',
};

const PURCHASE_STATUS = {
	ordered: 'Ordered',
	part_received: 'Part came',
	received: 'Received',
	cancelled: 'Cancelled',
};

const COMMON = {
	id: { label: 'Number' },
	created_at: { label: 'Added' },
};

const WORDS = {
	products : {
		name : {
			label : 'Name',
			hint : 'What you call it, like “Sourdough loaf” or “Oak stool”.'
		},
		mode : {
			label : 'How you make it',
			values : {
				job : 'To order (one at a time)',
				batch : 'In batches',
				both : 'Both'
			},
			initial : 'both',
		},
		price : {label : 'Selling price (each)'},
		material_cost : {
			label : 'Materials cost (each)',
			hint : 'Used while it has no recipe. With one, the cost is worked out from it (below).'
		},
		minutes_per_unit : {
			label : 'Minutes to make one',
			kind : 'minutes',
			hint : 'Hands-on time for one piece, in minutes (45) or hours and minutes (1:30).'
		},
		setup_minutes : {
			label : 'Set-up minutes per batch',
			kind : 'minutes',
			hint : 'Getting ready and cleaning down for one run, in minutes (20) or hours and minutes (1:30).'
		},
		max_batch : {
			label : 'Largest batch',
			hint : 'The most one run can make. Leave empty if there is no limit.'
		},
		shelf_life_days : {
			label : 'Shelf life in days',
			hint : 'Each new batch gets a best-before date this many days after its run. Leave empty if it keeps.'
		},
		storage_per_unit : {
			label : 'Storage space (each)',
			hint : 'The room one takes up, in the same units as your storage capacity in Settings.'
		},
		retired : {
			label : 'Retired',
			kind : 'yesno',
			values : {
				0 : 'No, still made',
				1 : 'Yes, no longer made'
			},
			hint : 'A product you no longer make keeps its orders, batches and sales, but leaves the product list and the choices for new orders, batches and sales.',
		},
		recipe_cost : {label : 'Materials cost from the recipe (each)'},
		material_cost_source : {
			label : 'Materials cost comes from',
			values : {
				recipe : 'Its recipe',
				typed : 'The figure typed'
			}
		},
		food : {
			label : 'Food',
			kind : 'yesno',
			values : {0 : 'No: a plain label', 1 : 'Yes: a food label'},
			hint : 'A food label lists the ingredients from the recipe with the allergens in bold, the dates, the lot and your address.',
		},
		ingredient : {
			label : 'Ingredient name',
			hint : 'Used in another product’s recipe, it is listed by this name with its own ingredients in brackets, like “starter (wheat flour, water)”. Leave empty to list its ingredients among the other product’s.'
		},
		may_contain : {
			label : 'May contain',
			hint : 'Printed as “May contain: …”, like “nuts, sesame”.'
		},
		net_quantity : {
			label : 'Net quantity',
			hint : 'As printed on the label, like “800 g”.'
		},
		storage : {
			label : 'How to store it',
			hint : 'Like “Store in a cool dry place”.'
		},
		date_mark : {
			label : 'Its date is a',
			values : {best_before : 'Best before date', use_by : 'Use by date'}
		},
		vat_bp : {
			label : 'VAT rate',
			kind : 'rate',
			hint : 'Only when you charge VAT (a VAT number in Settings). Empty: your standard rate. 0 for zero-rated goods, like most food.'
		},
	},
	customers : {
		name : {label : 'Name'},
		email : {label : 'Email', kind : 'email'},
		phone : {label : 'Phone', kind : 'tel'},
		notes : {
			label : 'Notes',
			kind : 'long',
			hint : 'Anything worth remembering: allergies, sizes, how they like to be contacted.'
		},
	},
	suppliers : {
		name : {
			label : 'Name',
			hint : 'Like “Shipton Mill” or “Tandy Leather”.'
		},
		contact : {
			label : 'Contact',
			hint : 'Who to ask and how: a name, an email, a phone number or a web shop.'
		},
		lead_time_days : {
			label : 'Delivery time in days',
			hint : 'From placing an order to having it in the workshop. Leave empty if you do not know.'
		},
		notes : {
			label : 'Notes',
			kind : 'long',
			hint : 'Account numbers, minimum orders, delivery days.'
		},
	},
	orders : {
		title : {
			label : 'What it is',
			hint : 'A short name, like “Oak dining table” or “Wedding cake, 3 tiers”.'
		},
		customer_id : {label : 'Customer'},
		product_id : {
			label : 'Product',
			hint : 'Leave at “None” for a one-off piece.'
		},
		spec : {
			label : 'Details',
			kind : 'long',
			hint : 'What the customer asked for: sizes, materials, wording, colours.'
		},
		quantity : {label : 'Quantity', initial : '1'},
		price : {
			label : 'Agreed price',
			hint : 'For the whole order. When you charge VAT, without it: quotes and invoices add it.'
		},
		vat_bp : {
			label : 'VAT rate',
			kind : 'rate',
			hint : 'Only when you charge VAT. Empty: its product’s rate, or your standard one.'
		},
		estimated_minutes : {
			label : 'Estimated time',
			kind : 'duration',
			hint : 'Hours and minutes, like 6:30 for six and a half hours.'
		},
		due_date : {label : 'Due date'},
		status : {label : 'Status', values : ORDER_STATUS},
		tracked_minutes : {label : 'Time tracked', kind : 'duration'},
	},
	batches : {
		code : {label : 'Batch code'},
		product_id : {label : 'Product'},
		planned_qty : {
			label : 'Planned quantity',
			hint : 'How many you mean to make.'
		},
		made_qty : {
			label : 'Made',
			hint : 'Every piece that came out of the run, the rejected ones included. Available to sell is made − rejected − sold.'
		},
		rejected_qty : {
			label : 'Rejected',
			hint : 'How many failed your checks and will not be sold.'
		},
		run_date : {label : 'Run date', initial : () => todayValue()},
		best_before : {
			label : 'Best before',
			hint : 'Filled in from the product’s shelf life when left empty.'
		},
		status : {label : 'Status', values : BATCH_STATUS},
		qc_notes : {
			label : 'Quality notes',
			kind : 'long',
			hint : 'What you checked and what you found: weights, bake colour, faults.'
		},
		sold_qty : {label : 'Sold'},
		available_qty : {label : 'Available'},
		tracked_minutes : {label : 'Time tracked', kind : 'duration'},
	},
	materials : {
		name : {
			label : 'Name',
			hint : 'Like “Strong white flour” or “Veg-tan leather, 3 mm”.'
		},
		unit : {
			label : 'Counted in',
			values : {
				g : 'grams (g)',
				ml : 'millilitres (ml)',
				mm : 'millimetres (mm)',
				pcs : 'pieces'
			},
		},
		on_hand : {
			label : 'In stock',
			hint : 'How much you have now, in the unit above.'
		},
		reorder_level : {
			label : 'Reorder when down to',
			hint : 'At or below this it shows under “Materials to reorder” on the Stock page.'
		},
		cost_per_unit : {
			label : 'Cost',
			hint : 'What you pay for the amount below.'
		},
		cost_per : {
			label : 'For this many units',
			hint : 'For example a cost of 1.10 for 1000 g of flour.',
			initial : '1'
		},
		supplier_id : {label : 'Usually bought from'},
		pack_size : {
			label : 'Pack size',
			hint : 'How many of the unit above one pack holds: 16000 for a 16 kg sack of flour.'
		},
		pack_price : {
			label : 'Price of a pack',
			hint : 'Left with no cost above, a new material takes its cost from the pack.'
		},
		ingredient : {
			label : 'Ingredient name on labels',
			hint : 'How an ingredients list names it, like “wheat flour”. Leave empty to use its name.'
		},
		allergens : {
			label : 'Allergens it carries',
			kind : 'set',
			values : {
				celery : 'Celery',
				gluten : 'Cereals containing gluten',
				crustaceans : 'Crustaceans',
				eggs : 'Eggs',
				fish : 'Fish',
				lupin : 'Lupin',
				milk : 'Milk',
				molluscs : 'Molluscs',
				mustard : 'Mustard',
				nuts : 'Tree nuts',
				peanuts : 'Peanuts',
				sesame : 'Sesame',
				soya : 'Soya',
				sulphites : 'Sulphur dioxide and sulphites',
			},
			hint : 'Its allergens are printed in bold on the labels of everything made with it.',
		},
		contains : {
			label : 'Its own ingredients',
			kind : 'long',
			hint : 'For a bought mix, as it should be printed: “sugar, cocoa butter, whole milk powder, emulsifier (soya lecithin)”.'
		},
		grams_each : {
			label : 'Milligrams one unit weighs',
			hint : 'For a material not counted in grams, to order ingredients by weight: 50000 for a 50 g egg, 1030 for a ml of milk.'
		},
	},
	'material-units' : {
		material_id : {label : 'Material'},
		name : {
			label : 'Name',
			hint : 'What the delivery note says: “sack”, “pack of 100”, “roll”.'
		},
		base_qty : {
			label : 'Holds',
			hint : 'How many of the material’s own unit one holds: 16000 (g) for a 16 kg sack.'
		},
		unit : {label : 'Of'},
	},
	'recipe-lines' : {
		product_id : {label : 'Product'},
		material_id : {label : 'Material'},
		sub_product_id : {label : 'Product used'},
		quantity : {label : 'Quantity'},
		unit : {label : 'Unit'},
		per : {
			label : 'For',
			values : {unit : 'Each one made', batch : 'A batch'}
		},
		batch_yield : {label : 'How many one batch makes'},
		loss_pct : {label : 'Expected loss (%)'},
		note : {label : 'Note'},
		base_unit : {label : 'Counted in'},
	},
	'batch-materials' : {
		batch_id : {label : 'Batch'},
		material_id : {label : 'Material'},
		quantity : {
			label : 'Quantity used',
			hint : 'In the material’s own unit.'
		},
		lot : {
			label : 'Supplier lot',
			hint : 'The lot or batch number on the sack, tin or label, so a recall can find it.'
		},
		material_name : {label : 'Material'},
		unit : {label : 'Unit'},
		order_id : {label : 'For order'},
		lot_id : {
			label : 'Lot in stock',
			hint : 'The lot it was taken from, so its cost and date follow.'
		},
		cost : {label : 'Cost at its lot’s price'},
		source : {
			label : 'Recorded',
			values : {hand : 'By hand', recipe : 'From the recipe'}
		},
	},
	'time-entries' : {
		order_id : {
			label : 'Order',
			hint : 'The order the time went on, or leave at “None” and choose a batch.'
		},
		batch_id : {label : 'Batch', hint : 'Or the batch it went on.'},
		worker : {label : 'Who', initial : () => timerWorker()},
		started_at : {
			label : 'Started',
			hint : 'When the work started.',
			initial : () => new Date().toISOString()
		},
		ended_at : {label : 'Stopped'},
		minutes : {
			label : 'Time spent',
			kind : 'minutes',
			hint : 'In minutes (45) or hours and minutes (1:30).'
		},
		note : {label : 'Note', kind : 'long'},
	},
	sales : {
		sold_on : {label : 'Date sold', initial : () => todayValue()},
		product_id : {
			label : 'Product',
			hint : 'Filled in from the batch when you choose one.'
		},
		batch_id : {
			label : 'From batch',
			hint : 'Which batch it came from, so a recall can find this customer. Left empty, a product made in batches is taken from the batches on hand, the soonest best-before first.'
		},
		customer_id : {
			label : 'Customer',
			hint : 'Leave at “None” for a sale at a market or counter.'
		},
		order_id : {label : 'For order'},
		quantity : {label : 'Quantity', initial : '1'},
		price : {label : 'Price (each)'},
		total : {label : 'Total'},
		vat_bp : {
			label : 'VAT rate sold at',
			kind : 'rate',
			hint : 'The rate when it was recorded; empty when you did not charge VAT then. Its receipt and invoice use it.'
		},
		beyond_stock : {
			label : 'Beyond stock',
			kind : 'yesno',
			mark : 'Beyond stock',
			filterLabel : 'Only sales beyond stock',
			values : {0 : 'No', 1 : 'Yes, more than was on hand'},
			hint : 'Recorded when more was sold than the batches held. Give it its batch once that is recorded, so a recall finds this customer.',
		},
	},
	purchases : {
		supplier_id : {
			label : 'Supplier',
			hint : 'Who you ordered from. Leave at “None” for a shop or market.'
		},
		status : {label : 'Status', values : PURCHASE_STATUS},
		ordered_on : {label : 'Ordered on', initial : () => todayValue()},
		expected_on : {
			label : 'Expected on',
			hint : 'When the supplier said it would come. Leave empty if you do not know.'
		},
		received_on : {label : 'Last came on'},
		reference : {
			label : 'Their reference',
			hint : 'The supplier’s order or invoice number, to find it again.'
		},
		notes : {label : 'Notes', kind : 'long'},
		supplier_name : {label : 'Supplier'},
		total : {label : 'Total'},
	},
	'purchase-lines' : {
		purchase_id : {label : 'Purchase'},
		material_id : {label : 'Material'},
		quantity : {
			label : 'Quantity',
			hint : 'A whole number, in the unit chosen: 2 sacks, 500 g.'
		},
		unit : {label : 'Unit'},
		base_qty : {label : 'In its own unit'},
		price : {
			label : 'Price of the line',
			hint : 'What all of it costs together, not each one.'
		},
		received_qty : {label : 'Came so far'},
		lot : {
			label : 'Supplier’s lot code',
			hint : 'If you know it already. You can give it when the goods come.'
		},
		expires_on : {label : 'Best before'},
		material_name : {label : 'Material'},
		base_unit : {label : 'Counted in'},
	},
	'material-lots' : {
		material_id : {label : 'Material'},
		purchase_line_id : {label : 'Came on purchase line'},
		lot : {
			label : 'Lot code',
			hint : 'The supplier’s lot or batch number on the sack, tin or label.'
		},
		received_on : {label : 'Received on', initial : () => todayValue()},
		expires_on : {
			label : 'Best before',
			hint : 'Best before or use by. Lots past or near it are flagged on the Stock page.'
		},
		quantity : {
			label : 'Quantity',
			hint : 'How much came, in the material’s own unit. It is added to the stock.'
		},
		remaining : {label : 'Left'},
		cost : {
			label : 'Cost',
			hint : 'What all of it cost.'
		},
		note : {
			label : 'Note',
			hint : 'Like “Opening stock” or “Found in the back store”.'
		},
		material_name : {label : 'Material'},
		unit : {label : 'Unit'},
	},
	'days-off' : {
		date : {
			label : 'Date',
			hint : 'The day the workshop is closed.',
			initial : () => todayValue()
		},
		note : {
			label : 'Reason',
			hint : 'Optional, like “Bank holiday” or “Craft fair”. The plan shows it on the day.'
		},
	},
	login : {
		workshop : {
			label : 'Workshop',
			autocomplete : 'organization',
			hint : 'Your workshop’s short name here, like the-bakery: the one you signed up with, or your owner gave you.'
		},
		login : {
			label : 'Login',
			kind : 'login',
			autocomplete : 'username'
		},
		password : {
			label : 'Password',
			kind : 'password',
			autocomplete : 'current-password'
		},
	},
	accounts : {
		name : {
			label : 'Name',
			hint : 'How others see them here, like “Ann Baker”.',
			autocomplete : 'name'
		},
		login : {
			label : 'Login',
			kind : 'login',
			autocomplete : 'username',
			hint : 'What they type to log in: letters, digits and . _ @ -, like ann.'
		},
		password : {
			label : 'Password',
			kind : 'password',
			autocomplete : 'new-password',
			hint : '8 characters or more.'
		},
		again : {
			label : 'Password again',
			kind : 'password',
			autocomplete : 'new-password'
		},
		current : {
			label : 'Current password',
			kind : 'password',
			autocomplete : 'current-password'
		},
		new : {
			label : 'New password',
			kind : 'password',
			autocomplete : 'new-password',
			hint : '8 characters or more.'
		},
		role : {
			label : 'Role',
			values : {
				owner : 'Owner',
				maker : 'Maker',
				viewer : 'Viewer'
			},
			hint : 'An owner may do everything, accounts and settings too; a maker keeps the records, the timer and sales, and deletes only what they made; a viewer only looks.',
		},
	},
	tokens : {
		name : {
			label : 'What it is for',
			hint : 'Like “Ann’s phone calendar” or “Till export script”, so you know which to revoke.'
		},
		kind : {
			label : 'Kind',
			values : {
				api : 'API token (for a script)',
				calendar :
					'Calendar key (for a phone’s calendar)'
			}
		},
	},
	quotes : {
		order_id : {label : 'Order'},
		issued_on : {label : 'Made on'},
		price : {
			label : 'Price',
			hint : 'For the whole order, without VAT. Empty: the order’s agreed price, else one worked out from its costs.'
		},
		valid_until : {
			label : 'Stands until',
			hint : 'Empty: as many days as Settings say.'
		},
		delivery_on : {
			label : 'Delivery on',
			hint : 'Empty: the order’s due date, else the earliest day the plan can promise.'
		},
		terms : {
			label : 'Terms',
			kind : 'long',
			hint : 'Empty: the terms in Settings.'
		},
		status : {
			label : 'Status',
			values : {open : 'Open', accepted : 'Accepted', withdrawn : 'Withdrawn'}
		},
		total : {label : 'Total'},
	},
	settings : {
		workshop_name : {label : 'Workshop name'},
		currency : {
			label : 'Currency',
			hint : 'A three-letter code such as GBP, EUR or USD.'
		},
		hourly_rate : {
			label : 'Hourly rate',
			hint : 'What an hour of your time should earn.'
		},
		workers : {
			label : 'People working',
			hint : 'Everyone who makes things, you included.'
		},
		address : {
			label : 'Postal address',
			kind : 'long',
			hint : 'Printed on food labels under your workshop’s name, one line per line.'
		},
		base_url : {
			label : 'Address smallrun is opened at',
			hint : 'Where a label’s QR code opens the batch’s trace, like https://shop.example. Leave empty to use the address you print from.'
		},
		vat_number : {
			label : 'VAT number',
			hint : 'Only when you are VAT-registered, like GB123456789: quotes and invoices then add VAT. Empty: no VAT is charged.'
		},
		vat_bp : {
			label : 'Standard VAT rate',
			kind : 'rate',
			hint : 'Used where a product or order has no rate of its own. 20 in the UK.'
		},
		quote_days : {
			label : 'Quotes stand for',
			hint : 'Days from the day you make a quote until it runs out.'
		},
		quote_terms : {
			label : 'Terms on quotes',
			kind : 'long',
			hint : 'Printed on every quote unless it has its own, like “Half up front, the rest on delivery.”'
		},
		invoice_days : {
			label : 'Days to pay an invoice',
			hint : '0 for payment on receipt.'
		},
		payment_details : {
			label : 'How to pay',
			kind : 'long',
			hint : 'Printed on invoices: your bank account’s name, sort code and number.'
		},
		day_start : {
			label : 'Day starts at',
			kind : 'clock',
			hint : 'When work starts each day, like 08:30. The plan lays each day’s hours from then.'
		},
		'hours.mon' : {label : 'Monday', kind : 'duration'},
		'hours.tue' : {label : 'Tuesday', kind : 'duration'},
		'hours.wed' : {label : 'Wednesday', kind : 'duration'},
		'hours.thu' : {label : 'Thursday', kind : 'duration'},
		'hours.fri' : {label : 'Friday', kind : 'duration'},
		'hours.sat' : {label : 'Saturday', kind : 'duration'},
		'hours.sun' : {label : 'Sunday', kind : 'duration'},
		storage_capacity : {
			label : 'Storage capacity',
			hint : 'How much finished stock you have room for, in any unit you choose (shelf spaces, crates, trays). Products say how much each takes. 0 means not set.'
		},
		overhead_per_hour : {
			label : 'Overheads per working hour',
			hint : 'Rent, power, insurance and the like, spread over the hours you work. Added to your hourly rate when costing.'
		},
		markup_pct : {
			label : 'Markup on cost (%)',
			hint : 'For the cost-plus price: 50 means cost plus half again.'
		},
		wholesale_pct : {
			label : 'Wholesale price (% of cost)',
			hint : '200 means a wholesale price of twice the cost.'
		},
		retail_pct : {
			label : 'Retail price (% of wholesale)',
			hint : '200 means shops sell at twice the wholesale price.'
		},
		holding_pct : {
			label : 'Cost of keeping stock (% a year)',
			hint : 'What a year on the shelf costs, as a share of what a piece cost to make. Used to size batches.'
		},
		advised : {
			label : 'How you work',
			hint : 'The calculator’s answer for your workshop, if you want to keep it.',
			values : {
				job : 'Made to order (job)',
				batch : 'In batches',
				mixed : 'A mix of both'
			},
		},
	},
};

/* Who the timer on this device is for: the person logged in, else the
 * name timer.js keeps on this device, or "me". */
function timerWorker() {
	const me = currentUser();
	if (me)
		return me.login;
	try {
		const w = localStorage.getItem('smallrun.worker');
		return w && w.trim() ? w.trim() : 'me';
	} catch {
		return 'me';
	}
}

function todayValue() {
	const d = new Date();
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The words for one field: {label, hint?, values?, kind?, initial?}. */
export function words(resource, name) {
	const w = (WORDS[resource] && WORDS[resource][name]) || COMMON[name] || {};
	return { label: w.label || capitalize(name.replace(/^hours\./, '').replace(/_id$/, '').replace(/_/g, ' ')), ...w };
}

/** The name of an enum value for people. */
export function valueText(resource, field, value) {
	const w = words(resource, field);
	if (w.values && value in w.values)
		return w.values[value];
	return value === null || value === undefined ? '' : capitalize(String(value).replace(/_/g, ' '));
}

export const STATUS_TEXT = { orders: ORDER_STATUS, batches: BATCH_STATUS, purchases: PURCHASE_STATUS };

/*
 * Rewrite a server message for people: field names become their labels
 * ("rejected_qty (11) cannot be more than made_qty (10)" ->
 * "Rejected (11) cannot be more than made (10).").
 */
export function messageText(resource, message) {
	let text = String(message);
	const table = { ...COMMON, ...(WORDS[resource] || {}) };
	const names = Object.keys(table).sort((a, b) => b.length - a.length);
	for (const name of names) {
		const re = new RegExp(`(^|[^\\w.])${name.replace('.', '\\.')}(?![\\w])`, 'g');
		text = text.replace(re, (all, before, offset) =>
			`${before}${offset === 0 ? table[name].label : table[name].label.toLowerCase()}`);
	}
	return sentence(text);
}

/* The resources whose records have a page of their own (#/orders/12). */
export const RECORD_PAGES = new Set(['products', 'customers', 'materials', 'suppliers', 'orders', 'batches', 'sales', 'purchases', 'material-lots']);

/* Where name stands in text as whole words ("product 1", not the start of "product 12"), or -1. */
function wordAt(text, name) {
	for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
		const before = text.charAt(at - 1);
		const after = text.charAt(at + name.length);
		if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after))
			return at;
	}
	return -1;
}

/** messageText() with a link on each record the message names (linkRecords()). */
export function messageNodes(resource, message, details = null) {
	return linkRecords(messageText(resource, message), details);
}

/**
 * A message with a link to each record it names: the server lists them
 * in error.details.records as {resource, id, name}, name being the
 * message's own words for it ("SOUR-20261125-1", "product 2"). An array
 * of text and links, to append.
 */
export function linkRecords(text, details = null) {
	let parts = [text];
	const recs = details && Array.isArray(details.records) ? details.records : [];
	for (const r of recs) {
		if (!RECORD_PAGES.has(r.resource) || !Number.isInteger(r.id) || typeof r.name !== 'string' || r.name === '')
			continue;
		let done = false;
		parts = parts.flatMap((p) => {
			const at = done || typeof p !== 'string' ? -1 : wordAt(p, r.name);
			if (at < 0)
				return [p];
			done = true;
			return [p.slice(0, at), h('a', { href: href(`${r.resource}/${r.id}`), 'data-names': r.resource }, r.name),
				p.slice(at + r.name.length)];
		});
	}
	return parts;
}

/* ---- the records' names -------------------------------------------------- */

/** How one record is named in a list, a select or a link. */
export function recordName(resource, rec) {
	if (!rec)
		return '';
	switch (resource) {
	case 'orders':
		return rec.title;
	case 'batches':
		return rec.code;
	case 'time-entries':
		return `Time entry ${rec.id}`;
	case 'sales':
		return `Sale ${rec.id}`;
	case 'days-off':
		return rec.date ? dateText(rec.date) : `Day off ${rec.id}`;
	case 'purchases':
		return `Purchase ${rec.id}${rec.supplier_name ? ` from ${rec.supplier_name}` : ''}`;
	case 'purchase-lines':
		return rec.material_name || `Purchase line ${rec.id}`;
	case 'material-lots':
		return `${rec.material_name || 'Lot'}${rec.lot ? ` lot ${rec.lot}` : ` lot ${rec.id}`}`;
	default:
		return rec.name || `${resource} ${rec.id}`;
	}
}

/* ---- loading -------------------------------------------------------------- */

let schemaPromise = null;
let unitsNow = {};
let settingsPromise = null;
let settingsNow = null;

/** The schema, fetched once. Rejects with an ApiError. */
export function loadSchema() {
	if (!schemaPromise) {
		schemaPromise = api.schema().then((data) => {
			if (!data || typeof data.resources !== 'object')
				throw new Error('bad schema');
			unitsNow = data.units && typeof data.units === 'object' ? data.units : {};
			return data.resources;
		});
		schemaPromise.catch(() => { schemaPromise = null; });
	}
	return schemaPromise;
}

/** The units of each base unit, {g: {g: 1, kg: 1000}, …}, from the schema. */
export async function loadUnits() {
	await loadSchema();
	return unitsNow;
}

/** The settings, fetched once (or again with fresh = true). */
export function loadSettings(fresh = false) {
	if (!settingsPromise || fresh) {
		settingsPromise = api.settings().then((s) => {
			settingsNow = s;
			return s;
		});
		settingsPromise.catch(() => { settingsPromise = null; });
	}
	return settingsPromise;
}

/** Remember settings just saved. */
export function setSettings(s) {
	settingsNow = s;
	settingsPromise = Promise.resolve(s);
}

/** The workshop's currency code, once settings are loaded. */
export function currency() {
	return (settingsNow && settingsNow.currency) || 'GBP';
}

/** One resource's description from the schema. */
export async function resourceSchema(name) {
	const all = await loadSchema();
	const r = all[name];
	if (!r)
		throw new Error(`the schema has no ${name}`);
	return r;
}
