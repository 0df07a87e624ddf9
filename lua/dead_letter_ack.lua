#!lua
--[[ dead_letter_ack: (after dead_letter_deliver succeeded)
  Deletes delivered entries from the queue's dead-letter outbox.
  KEYS[1..10] the queue's keys (lua/README.md)
  ARGV     ids
  Reply:   number of entries deleted
  Errors:  none
]]
return redis.call('HDEL', DEAD_LETTERS, unpack(ARGV))
