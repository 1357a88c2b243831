-- wrk script for bench/http_load: POSTs a new petition (a unique portal id) per request.
local counter = 0
local key = os.getenv("PAKN_KEY")
local run = os.getenv("PAKN_RUN") or "0"
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

request = function()
  counter = counter + 1
  local body = "id=B" .. run .. "-" .. tid .. "-" .. counter ..
    "&service_code=giao_thong&province=H%C3%A0+N%E1%BB%99i" ..
    "&description=%C4%90%C3%A8n+t%C3%ADn+hi%E1%BB%87u+giao+th%C3%B4ng+t%E1%BA%A1i+ng%C3%A3+t%C6%B0+" ..
    "L%C3%AA+L%E1%BB%A3i+b%E1%BB%8B+h%E1%BB%8Fng+t%E1%BB%AB+h%C3%B4m+qua%2C+%C4%91%E1%BB%81+ngh%E1%BB%8B+s%E1%BB%ADa."
  return wrk.format("POST", "/open311/v2/requests.json",
                    {["Content-Type"] = "application/x-www-form-urlencoded", ["X-Api-Key"] = key},
                    body)
end
