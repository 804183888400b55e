--TEST--
Vtws\encode(): floats written as json_encode() writes them, and the UTF-8 check skipped only for strings the engine knows to be valid
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
serialize_precision=-1
--FILE--
<?php
declare(strict_types=1);

const FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES;

function element_json(array $element): string
{
    parse_str(Vtws\encode(['element' => $element]), $fields);
    return $fields['element'];
}

// Prices, quantities, shares, powers of ten around the short-decimal limits, and arbitrary bit
// patterns: every one as json_encode() writes it.
mt_srand(20261123);
$floats = [0.001, 0.00099999, 0.0001, 1e15, 1e15 - 1, 999999999999999.9, 1e14 + 0.5, 0.1, 0.2,
    0.1 + 0.2, 1 / 3, 2 / 3, 10.5, 5.0, 100.0, 1.0000000000000002, 4503599627370496.5, 9007199254740993.0,
    0.0, -0.0, 1e-7, 123456.789, 0.05, 0.5, 2.5e-3];
for ($i = 0; $i < 20000; $i++) {
    $floats[] = match ($i % 5) {
        0 => mt_rand(0, 10000000) / 100,
        1 => mt_rand() / mt_getrandmax() * 10 ** mt_rand(-5, 17),
        2 => round(mt_rand() / mt_getrandmax() * 1000, mt_rand(0, 9)),
        3 => mt_rand(1, 999999) * 10 ** mt_rand(-7, 12),
        default => mt_rand(1, 1000) / mt_rand(1, 1000),
    };
}
$floats = array_merge($floats, array_map(static fn (float $f): float => -$f, $floats));
$differ = 0;
foreach (array_chunk($floats, 1000) as $chunk) {
    if (element_json($chunk) !== json_encode($chunk, FLAGS)) {
        foreach ($chunk as $f) {
            if (element_json([$f]) !== json_encode([$f], FLAGS) && $differ++ < 5) {
                echo 'differs: ', json_encode($f), ' as ', element_json([$f]), "\n";
            }
        }
    }
}
echo count($floats), " floats, $differ differ\n";

// A string checked once carries the engine's valid-UTF-8 flag; changing it clears the flag
// and the next encode checks it again.
$text = str_repeat('Grüße ', 3) . mt_rand(1, 9);
var_dump(element_json(['t' => $text]) === json_encode(['t' => $text], FLAGS));
var_dump(element_json(['t' => $text]) === json_encode(['t' => $text], FLAGS));
$text[1] = "\xFF";
try {
    element_json(['t' => $text]);
    echo "encoded\n";
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
// Strings PCRE has checked.
$checked = 'Straße ' . mt_rand(1, 9);
var_dump(preg_match('/./u', $checked), element_json([$checked]) === json_encode([$checked], FLAGS));
// A key is checked like a value.
$key = 'Schlüssel' . mt_rand(1, 9);
var_dump(element_json([$key => 1]) === json_encode([$key => 1], FLAGS));
var_dump(element_json([$key => 1]) === json_encode([$key => 1], FLAGS));
?>
--EXPECT--
40050 floats, 0 differ
bool(true)
bool(true)
Parameter "element" cannot be sent as JSON: it contains invalid UTF-8
int(1)
bool(true)
bool(true)
bool(true)
