#!lua
--[[ subscription_delete: DELETE /v2/queues/{queue_name}/subscriptions/{subscription_id}
  Removes a subscription (an unknown one is fine: 204 either way).
  KEYS[1] cq:{P/Q}:queue   KEYS[2] cq:{P/Q}:subscriptions   KEYS[3] cq:{P/Q}:subscription_ids
  KEYS[4] cq:{P/Q}:subscribers
  ARGV[1] id
  Reply:   1 removed, 0 unknown
  Errors:  none
]]
return remove_subscription(KEYS[2], KEYS[3], KEYS[4], ARGV[1])
