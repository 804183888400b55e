--TEST--
Vtws\decode() accepts and rejects what json_decode($json, true) does, with the same values
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

$cases = [
    // escapes
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u0000"', '"a\\u0000b"', '{"\\u0000a":1}', '"\\u00e9\\u00E9"',
    '"\\u0041\\u07ff\\u0800\\uffff"', '"\\ud83d\\ude00"', '"\\uD83D\\uDE00x"', '"\\ud83d"', '"\\ude00"',
    '"\\ud83dx"', '"\\ud83d\\u0041"', '"\\ud83d\\ud83d"', '"\\ud83d\\"', '"\\u12G4"', '"\\x"', '"\\u12"',
    '"\\u"', '"\\', '"\\ud83d\\u"', '"\\U0041"', '"\\\'"',
    // UTF-8, strict
    "\"\xC3\xA9\"", "\"\xF0\x9F\x98\x80\"", "\"\xE2\x82\xAC\"", "\"\xEF\xBF\xBF\"", "\"\xF4\x8F\xBF\xBF\"",
    "\"\xC0\xAF\"", "\"\xC1\xBF\"", "\"\xE0\x80\xAF\"", "\"\xE0\x9F\xBF\"", "\"\xF0\x80\x80\xAF\"",
    "\"\xED\xA0\x80\"", "\"\xED\xBF\xBF\"", "\"\xF4\x90\x80\x80\"", "\"\xF5\x80\x80\x80\"", "\"\xFF\"",
    "\"\x80\"", "\"\xC3\"", "\"\xE2\x82\"", "\"\xC3", "\"\xE2\x82", "\"\xC3\xA9", "[\"\xC3\x28\"]",
    "\xC3\xA9", "\xEF\xBB\xBF[]",
    // control characters and DEL
    "\"a\x01b\"", "\"\x1f\"", "\"\x7f\"", "\"tab\there\"", "\"\n\"", "[1]\x00", "\x00",
    // numbers
    '0', '-0', '-0.0', '0.0', '1', '-1', '1e400', '-1e400', '1e-400', '1E2', '1e+2', '1e-2', '0.1', '2.5E-3', '0e0',
    '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
    '12345678901234567890', '1000000000000000000', '999999999999999999', '-999999999999999999',
    '100000000000000000000000000000e-10', '123456789012345678901234567890.5', '[-0,0.5e1,-1E-1]',
    '01', '-01', '1.', '.5', '-', '+1', '1e', '1e+', '1e-', '-a', '0x10', 'NaN', 'Infinity', '1.5.5', '--1',
    '[1,-]', '[1.]', '{"a":1.}', '[1e5]', '[0]', '[-0]',
    // literals
    'true', 'false', 'null', 'tru', 'nul', 'nulll', 'True', 'NULL', '[true,false,null]', 'truefalse', '[truex]',
    // structure
    '[]', '{}', '[[]]', '[{}]', '{"a":[]}', '[1,]', '[,1]', '[,]', '{"a"}', '{"a":}', '{"a":1 "b":2}',
    '[1 2]', '{1:2}', '{"a":1,}', '{,}', '{"a" 1}', '["a":1]', '[', ']', '{', '}', '[[', '[1', '[1,',
    '{"a"', '{"a":', '{"a":1', '{"a":1,', '"abc', '[1]]', '{}}', '[]]', '[1][2]', '{"a":1}{"b":2}',
    // whitespace
    " \t\n\r[ 1 , 2 ] \n", "\f[]", "[\v]", " ", "", "\n{\n\"a\" : \"b\" ,\n\"c\" :\t[ ] }\n",
    '[1] x', '"a" "b"', "[1]\r\n",
    // keys: json_decode($j, true) makes canonical decimal strings integer keys
    '{"":1}', '{"":1,"":2}', '{"0":"a","1":"b"}', '{"123":1,"x":2}', '{"-5":1}', '{"-0":1}', '{"01":1}',
    '{"9223372036854775807":1}', '{"9223372036854775808":1}', '{"-9223372036854775808":1}',
    '{"1.5":1}', '{" 1":1}', '{"1 ":1}', '{"0":1,"0":2}', '{"5":1,"x":2,"5":3}', '{"\\u0030":1,"0":2}',
    // duplicate keys: the last value wins, in the place of the first
    '{"a":1,"b":2,"a":3}', '{"a":{"x":1},"a":2}', '{"k":1,"o":{"k":2},"k":3}',
    '{"k":1,"o":{"k":2,"o":{"k":4}},"k":3,"o":5}', '{"a":1,"\\u0061":2}', '{"\\u0061":1,"a":2}',
    '{"a\\/b":1,"a/b":2}', '[{"a":1,"a":2},{"a":3,"a":4}]', '{"a":1,"a":2,"a":3,"b":4,"b":5}',
    // rows sharing keys in changing orders, missing and extra keys, nested rows
    '[{"a":"1","b":"x","c":""},{"a":"2","b":"y","c":"z"},{"b":"3","a":"w"},{"a":"4","b":"x","c":"","d":"e"},{}]',
    '[{"id":"1","sub":{"id":"2","sub":{"id":"3"}}},{"id":"4","sub":{"id":"5","sub":{"id":"6"}}}]',
    '[{"x":1},{"x":1,"x":2},{"x":3}]',
    // strings around the 16-byte steps of the scanner
    '"' . str_repeat('a', 15) . '"', '"' . str_repeat('a', 16) . '"', '"' . str_repeat('b', 17) . '\\n"',
    '"' . str_repeat('c', 31) . "\xC3\xA9\"", '"' . str_repeat('d', 40) . "\x01\"", '"' . str_repeat('e', 33),
    '"' . str_repeat('f', 20) . '\\u00e9' . str_repeat('g', 20) . '"', '[' . str_repeat('"xyzzy",', 50) . '"end"]',
];
// Nesting: json_decode's default depth takes 511 nested containers, not 512.
foreach ([510, 511, 512, 513] as $levels) {
    $cases[] = str_repeat('[', $levels) . str_repeat(']', $levels);
    $cases[] = str_repeat('{"a":', $levels) . '1' . str_repeat('}', $levels);
    $cases[] = str_repeat('[{"k":', intdiv($levels, 2)) . '[]' . str_repeat('}]', intdiv($levels, 2));
}

$checked = 0;
foreach ($cases as $i => $json) {
    $expected = json_decode($json, true);
    $accepted = json_last_error() === JSON_ERROR_NONE;
    try {
        $actual = Vtws\decode($json);
        if (!$accepted) {
            printf("#%d %s: accepted, json_decode rejects (%s)\n", $i, json_encode($json), json_last_error_msg());
        } elseif ($actual !== $expected || serialize($actual) !== serialize($expected)) {
            printf("#%d %s: %s instead of %s\n", $i, json_encode($json), var_export($actual, true), var_export($expected, true));
        }
    } catch (Vtws\ProtocolException $e) {
        if ($accepted) {
            printf("#%d %s: rejected (%s)\n", $i, json_encode($json), $e->getMessage());
        } elseif ($e->getOffset() < 0 || $e->getOffset() > strlen($json)) {
            printf("#%d: offset %d outside the body\n", $i, $e->getOffset());
        }
    }
    $checked++;
}
echo "checked $checked\n";

// Shared strings are copied on write: changing one row changes no other.
$rows = Vtws\decode('[{"name":"same value","id":"12x1"},{"name":"same value","id":"12x2"}]');
$rows[0]['name'] .= ' changed';
$rows[1]['extra'] = 'added';
unset($rows[1]['id']);
var_dump($rows[1]['name'], $rows[0]['name'], array_keys($rows[1]));

// Values of every kind in one document, compared once more after a round trip.
$doc = ['s' => "é\u{1F600}\"\\/\n", 'i' => PHP_INT_MAX, 'n' => PHP_INT_MIN, 'f' => 0.1, 'b' => [true, false, null],
    'k' => ['0' => 'zero', '7' => 'seven', 'x' => 'ex'], 'e' => [], 'o' => ['a' => ['b' => ['c' => 'd']]]];
var_dump(Vtws\decode(json_encode($doc)) === json_decode(json_encode($doc), true));
?>
--EXPECT--
checked 202
string(10) "same value"
string(18) "same value changed"
array(2) {
  [0]=>
  string(4) "name"
  [1]=>
  string(5) "extra"
}
bool(true)
