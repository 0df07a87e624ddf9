// The system hiredis (Debian libhiredis-dev 0.14). Only its reply reader is used:
// connections are SwiftNIO channels, hiredis parses the RESP bytes they receive.
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
