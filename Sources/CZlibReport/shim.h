// zlib for AdPlatforms' reading of Microsoft Advertising's report zips (raw inflate with bounded input and output).
#include <zlib.h>
