--TEST--
Vtws\decode(): valid JSON as arrays, and ProtocolException with the byte offset otherwise
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
serialize_precision=-1
--FILE--
<?php
declare(strict_types=1);

function attempt(string $json): void
{
    try {
        var_dump(Vtws\decode($json));
    } catch (Vtws\ProtocolException $e) {
        echo get_class($e), ' at ', $e->getOffset(), ': ', $e->getMessage(), "\n";
        var_dump($e instanceof Vtws\Exception, $e->getHttpStatus(), $e->getOperation());
    }
}

echo "-- valid\n";
attempt('{"success":true,"result":{"id":"12x3","n":[1,2.5,true,null],"e":{}}}');
attempt('"\u041a\u043e\u043d\u0442\u0430\u043a\u0442 \u5c71\u7530 \/"');
attempt('42');
attempt('-0.5e2');
attempt('12345678901234567890');
attempt('  [] ');
attempt('{"a":1,"a":2}');

echo "-- truncated\n";
attempt('{"success":true,"result":[1,2');
attempt('{"success":tr');

echo "-- syntax\n";
attempt('{"a":1,}');
attempt("{'a':1}");
attempt('nul');

echo "-- empty\n";
attempt('');

echo "-- invalid UTF-8\n";
attempt("\"ok \xC3\x28\"");
attempt("[\"\xFF\"]");

echo "-- depth\n";
// Same limit as json_decode(): 511 nested arrays plus their (empty) content fit in 512.
$deep = Vtws\decode(str_repeat('[', 511) . str_repeat(']', 511));
for ($levels = 1; $deep !== []; $levels++) {
    $deep = $deep[0];
}
var_dump($levels);
try {
    Vtws\decode(str_repeat('[', 100000) . str_repeat(']', 100000));
} catch (Vtws\ProtocolException $e) {
    var_dump($e->getOffset(), str_contains($e->getMessage(), 'nesting deeper than 512 levels'));
    var_dump(strlen($e->getBodyExcerpt()) < 1000);
}
?>
--EXPECT--
-- valid
array(2) {
  ["success"]=>
  bool(true)
  ["result"]=>
  array(3) {
    ["id"]=>
    string(4) "12x3"
    ["n"]=>
    array(4) {
      [0]=>
      int(1)
      [1]=>
      float(2.5)
      [2]=>
      bool(true)
      [3]=>
      NULL
    }
    ["e"]=>
    array(0) {
    }
  }
}
string(23) "Контакт 山田 /"
int(42)
float(-50)
float(1.2345678901234567E+19)
array(0) {
}
array(1) {
  ["a"]=>
  int(2)
}
-- truncated
Vtws\ProtocolException at 29: decode: invalid JSON at byte 29: the body ends early (truncated?) (body: "{"success":true,"result":[1,2")
bool(true)
int(0)
string(6) "decode"
Vtws\ProtocolException at 11: decode: invalid JSON at byte 11: syntax error (body: "{"success":tr")
bool(true)
int(0)
string(6) "decode"
-- syntax
Vtws\ProtocolException at 7: decode: invalid JSON at byte 7: syntax error (body: "{"a":1,}")
bool(true)
int(0)
string(6) "decode"
Vtws\ProtocolException at 1: decode: invalid JSON at byte 1: syntax error (body: "{'a':1}")
bool(true)
int(0)
string(6) "decode"
Vtws\ProtocolException at 0: decode: invalid JSON at byte 0: syntax error (body: "nul")
bool(true)
int(0)
string(6) "decode"
-- empty
Vtws\ProtocolException at 0: decode: invalid JSON at byte 0: the body ends early (truncated?)
bool(true)
int(0)
string(6) "decode"
-- invalid UTF-8
Vtws\ProtocolException at 0: decode: invalid JSON at byte 0: malformed UTF-8 or UTF-16 (body: ""ok �("")
bool(true)
int(0)
string(6) "decode"
Vtws\ProtocolException at 1: decode: invalid JSON at byte 1: malformed UTF-8 or UTF-16 (body: "["�"]")
bool(true)
int(0)
string(6) "decode"
-- depth
int(511)
int(511)
bool(true)
bool(true)
