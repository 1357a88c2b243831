-- wrk script for bench/http_load: GETs the public status of the petitions listed in the file
-- $PAKN_IDS (one id a line), each thread walking the list from its own random start, so the
-- reads spread over the store instead of one petition's record in the block cache.
local ids = {}
local i = 0

function init(args)
  for line in io.lines(os.getenv("PAKN_IDS")) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + tonumber(tostring(ids):sub(-6), 16))
  i = math.random(#ids)
end

request = function()
  i = i % #ids + 1
  return wrk.format("GET", "/open311/v2/requests/" .. ids[i] .. ".json")
end
