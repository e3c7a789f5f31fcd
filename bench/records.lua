-- records.lua - wrk script for bench/records.sh.
--
-- BENCH_PATHS=<file>: the paths to request, one a line; each thread cycles
-- over them from its own starting point (one line: the same path always).
-- BENCH_CREATE=customers: POST a new customer per request instead, each
-- with its own name and email. Connections stay open (wrk's default).
-- done() comes from bench/wrk-report.lua (the BENCH line).

-- The shared done(), from beside this file (wrk runs from the tree's top).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
	"wrk-report.lua")

local paths = {}
local create = os.getenv("BENCH_CREATE")
local next_thread = 0

do
	local file = os.getenv("BENCH_PATHS")
	if file then
		for line in io.lines(file) do
			if line ~= "" then
				paths[#paths + 1] = line
			end
		end
	end
	assert(create or #paths > 0, "set BENCH_PATHS or BENCH_CREATE")
end

function setup(thread)
	thread:set("thread_id", next_thread)
	next_thread = next_thread + 1
end

local n = 0

function init(args)
	-- thread_id is set by setup() in this thread's own Lua state.
	n = (thread_id or 0) * 7919
end

function request()
	n = n + 1
	if create then
		local who = string.format("%d-%d", thread_id or 0, n)
		return wrk.format("POST", "/api/v1/" .. create,
			{ ["Content-Type"] = "application/json" },
			'{"name":"Bench customer ' .. who ..
			'","email":"bench' .. who .. '@example.com",' ..
			'"phone":"07700 900000"}')
	end
	return wrk.format("GET", paths[(n % #paths) + 1])
end
