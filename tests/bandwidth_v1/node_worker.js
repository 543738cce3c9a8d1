// Runs the npm node-bandwidth client (4.0.0) for the tests, one JSON line per call.
// Started by tests/bandwidth_v1/node_sdk.py with the folder the client is installed in.
"use strict";

const path = require("path");
const readline = require("readline");

const Bandwidth = require(path.join(process.argv[2], "node_modules", "node-bandwidth"));
const clients = new Map();

function plain(value) {
	if (Buffer.isBuffer(value)) {
		return { __bytes__: value.toString("base64") };
	}
	if (Array.isArray(value)) {
		return value.map(plain);
	}
	// Some methods resolve with the HTTP response itself: only its status crosses.
	if (value && typeof value === "object" && "statusCode" in value && "headers" in value) {
		return { statusCode : value.statusCode };
	}
	if (value && typeof value === "object") {
		const out = {};
		for (const [key, item] of Object.entries(value)) {
			if (typeof item !== "function") {
				out[key] = plain(item);
			}
		}
		return out;
	}
	return value;
}

function revive(value) {
	if (Array.isArray(value)) {
		return value.map(revive);
	}
	if (value && typeof value === "object") {
		if (Object.keys(value).length === 1 && "__bytes__" in value) {
			return Buffer.from(value.__bytes__, "base64");
		}
		const out = {};
		for (const [key, item] of Object.entries(value)) {
			out[key] = revive(item);
		}
		return out;
	}
	return value;
}

function clientFor(login) {
	const key = [login.user_id, login.api_token, login.api_secret, login.base_url].join(" ");
	if (!clients.has(key)) {
		clients.set(key, new Bandwidth({
			userId    : login.user_id,
			apiToken  : login.api_token,
			apiSecret : login.api_secret,
			baseUrl   : login.base_url
		}));
	}
	return clients.get(key);
}

// A list call with `pages` set follows getNextPage to the end and returns every item.
async function run(request) {
	const [resource, method] = request.method.split(".");
	const client = clientFor(request.login);
	let result = await client[resource][method](...revive(request.args));
	if (request.pages) {
		const items = [...result[request.pages]];
		while (result.hasNextPage) {
			result = await result.getNextPage();
			items.push(...result[request.pages]);
		}
		result = items;
	}
	return result;
}

const lines = readline.createInterface({ input : process.stdin });
const queue = [];
let busy = false;

async function drain() {
	if (busy) {
		return;
	}
	busy = true;
	while (queue.length) {
		const request = JSON.parse(queue.shift());
		let reply;
		try {
			reply = { result : plain(await run(request)) };
		}
		catch (error) {
			const message = typeof error.message === "string" ? error.message : JSON.stringify(error.message);
			reply = {
				error : {
					name       : error.name || String(error),
					statusCode : error.statusCode === undefined ? null : error.statusCode,
					message    : message === undefined ? String(error) : message,
					limitReset : error.limitReset === undefined ? null : error.limitReset
				}
			};
		}
		process.stdout.write(JSON.stringify(reply === undefined ? { result : null } : reply) + "\n");
	}
	busy = false;
}

lines.on("line", (line) => {
	queue.push(line);
	drain();
});
