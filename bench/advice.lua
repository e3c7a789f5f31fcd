-- advice.lua - wrk script for bench/advice.sh.
--
-- ADVICE_METHOD=POST with ADVICE_BODY=<file> sends that file as a JSON
-- request body (smallrun's POST /api/v1/advice); otherwise plain GETs (the
-- nginx static-file reference). Both keep the connection alive (wrk's
-- default). done() comes from bench/wrk-report.lua (the BENCH line).

-- The shared done(), from beside this file (wrk runs from the tree's top).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
	"wrk-report.lua")

local method = os.getenv("ADVICE_METHOD") or "GET"

if method == "POST" then
	local path = os.getenv("ADVICE_BODY")
	local f = assert(io.open(path, "rb"), "cannot read ADVICE_BODY " .. tostring(path))
	wrk.method = "POST"
	wrk.body = f:read("*a")
	f:close()
	wrk.headers["Content-Type"] = "application/json"
end
