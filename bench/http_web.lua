-- wrk script for bench/web_load: one signed-in operator's page views, the petition pages of
-- the ids in $PAKN_IDS (one a line) in turn, from a random start per thread.
local ids = {}
local i = 0
local cookie = "pakn_session=" .. os.getenv("PAKN_SESSION")

function init(args)
  for line in io.lines(os.getenv("PAKN_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring(ids):sub(-6), 16))
  i = math.random(#ids)
end

request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/ui/p/" .. ids[i], {["Cookie"] = cookie})
end
