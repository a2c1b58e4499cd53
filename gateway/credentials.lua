-- casgate's credential gate, run on request headers before any body is read or buffered.
--
-- A request to a method that is not public must carry credentials (x-api-key, or an
-- Authorization: Bearer token; a WebSocket may carry ?token=). Without them it is refused here
-- with 401 (REST: the usual error body; native gRPC: UNAUTHENTICATED),
-- so an anonymous client cannot make the gateway buffer a large body. Whether the credentials
-- are valid is the server's business.
--
-- render.py fills PUBLIC with the REST paths and gRPC paths of the public methods.
local PUBLIC = {--@PUBLIC@--}
local PUBLIC_PREFIXES = { "/grpc.health.v1.Health/", "/grpc.reflection." }
local MISSING = "Missing credentials: send your API key in the x-api-key header "
  .. "(or a token in Authorization: Bearer)"

local function is_public(path)
  if PUBLIC[path] then return true end
  for _, prefix in ipairs(PUBLIC_PREFIXES) do
    if path:sub(1, #prefix) == prefix then return true end
  end
  return false
end

local function has_credentials(headers, path, query)
  if (headers:get("x-api-key") or "") ~= "" then return true end
  local scheme, token = (headers:get("authorization") or ""):match("^(%S+)%s+(%S+)")
  if scheme ~= nil and scheme:lower() == "bearer" and token ~= nil then return true end
  return path:sub(1, 14) == "/api/batch/ws/" and query:match("[?&]token=[^&]") ~= nil
end

function envoy_on_request(h)
  local headers = h:headers()
  local full = headers:get(":path") or "/"
  local path, query = full:match("^([^?]*)(.*)$")
  if is_public(path) or has_credentials(headers, path, query) then return end
  if (headers:get("content-type") or ""):sub(1, 16) == "application/grpc" then
    -- Envoy turns a local reply to a gRPC request into UNAUTHENTICATED with this message
    h:respond({ [":status"] = "401", ["content-type"] = "text/plain" }, MISSING)
  else
    -- the error body exactly as the server prints it (field order, no trailing newline);
    -- "shaped" tells the local-reply mappers to leave it as it is
    h:streamInfo():dynamicMetadata():set("casgate", "shaped", "1")
    h:respond({ [":status"] = "401", ["content-type"] = "application/json" },
      '{"status":"failed","msg":"' .. MISSING .. '"}')
  end
end
