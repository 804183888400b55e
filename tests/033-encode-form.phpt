--TEST--
Vtws\encode(): the form body the client sends; element arrays as the JSON json_encode() gives, percent-encoded in one pass
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
serialize_precision=-1
--FILE--
<?php
declare(strict_types=1);

final class Point implements JsonSerializable
{
    public function __construct(private int $x, private int $y) {}
    public function jsonSerialize(): array { return ['x' => $this->x, 'y' => $this->y]; }
}

const FLAGS = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES;

$deep = [];
for ($i = 0; $i < 510; $i++) { // 511 arrays; as an element's member, 512 levels
    $deep = [$deep];
}
$elements = [
    ['lastname' => 'Smith', 'firstname' => 'John', 'assigned_user_id' => '19x1'],
    ['name' => "Контакт 山田 😀 é/\\\"'<b>&amp; +%=?#", 'tab' => "a\tb\nc\rd\x01\x1f\x7f\x08\x0c"],
    ['sep' => "line\u{2028}para\u{2029}end", 'nbsp' => "\u{a0}", 'max' => "\u{10FFFF}"],
    ['i' => 0, 'n' => -42, 'big' => PHP_INT_MAX, 'min' => PHP_INT_MIN, 'f' => 0.1, 'g' => -0.0, 'e' => 1e100,
        'h' => 3.0e-10, 'k' => 1.0, 't' => true, 'u' => false, 'z' => null],
    [1, 2, 3], [], [[]], ['a' => []], [3 => 'x', 5 => 'y'], [1 => 'a', 0 => 'b'], ['0' => 'zero', '1' => 'one'],
    ['' => 'empty key', '💡' => 'bulb', 'a b' => 'space'],
    ['LineItems' => [['productid' => '14x1', 'quantity' => '2', 'listprice' => '10.00'],
        ['productid' => '14x2', 'quantity' => 1, 'listprice' => 12.5]]],
    ['obj' => new stdClass(), 'std' => (object) ['a' => 1, 'b' => [1, 2]], 'p' => new Point(1, 2)],
    ['deep' => $deep],
    ['description' => str_repeat("Long text ümlaut \"quoted\" / slash\n", 300)],
];
foreach ([-1, 17, 14, 3] as $precision) {
    ini_set('serialize_precision', (string) $precision);
    $floats = [0.1, 1 / 3, -2.5e-7, 1e22, 123456.789, PHP_FLOAT_EPSILON, PHP_FLOAT_MAX, -PHP_FLOAT_MIN, 5e-324, 100.0];
    parse_str(Vtws\encode(['element' => $floats]), $fields);
    if ($fields['element'] !== json_encode($floats, FLAGS)) {
        echo "serialize_precision $precision: {$fields['element']} instead of ", json_encode($floats, FLAGS), "\n";
    }
}
ini_set('serialize_precision', '-1');
foreach ($elements as $i => $element) {
    $form = Vtws\encode(['operation' => 'create', 'elementType' => 'Contacts', 'element' => $element]);
    parse_str($form, $fields);
    $json = json_encode($element, FLAGS);
    if ($fields['element'] !== $json || $fields['operation'] !== 'create') {
        printf("#%d differs: %s\n     instead of %s\n", $i, $fields['element'], $json);
    }
    if (preg_match('/[^A-Za-z0-9%&=._~-]/', $form)) {
        printf("#%d has a byte that is not percent-encoded\n", $i);
    }
}
echo "compared ", count($elements), "\n";

echo Vtws\encode(['operation' => 'query', 'query' => 'SELECT * FROM Contacts;', 'n' => 5, 'f' => 1.5, 'b' => true,
    'no' => false, 'skip' => null, 'element' => ['a' => 'é /+']]), "\n";
var_dump(Vtws\encode([]));

// What json_encode() refuses is refused with the parameter's name, and nothing is kept.
$loop = ['a' => 1];
$loop['self'] = &$loop;
$tooDeep = [[$deep]];
$resource = fopen('php://memory', 'r');
foreach ([['bad' => "\xC3\x28"], ['k' => ["\xFF" => 1]], ['n' => NAN], ['i' => -INF], $loop, $tooDeep,
    ['r' => $resource], ['o' => (object) ['s' => "\xFF"]]] as $bad) {
    try {
        Vtws\encode(['element' => $bad]);
        echo "encoded\n";
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
unset($loop['self']); // break the cycle: nothing is left for the cycle collector at exit
try {
    Vtws\encode(['x', 'y']);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
compared 16
operation=query&query=SELECT%20%2A%20FROM%20Contacts%3B&n=5&f=1.5&b=1&no=0&element=%7B%22a%22%3A%22%C3%A9%20%2F%2B%22%7D
string(0) ""
ValueError: Parameter "element" cannot be sent as JSON: it contains invalid UTF-8
ValueError: Parameter "element" cannot be sent as JSON: it contains invalid UTF-8
ValueError: Parameter "element" cannot be sent as JSON: it cannot be encoded
ValueError: Parameter "element" cannot be sent as JSON: it cannot be encoded
ValueError: Parameter "element" cannot be sent as JSON: it cannot be encoded
ValueError: Parameter "element" cannot be sent as JSON: it cannot be encoded
ValueError: Parameter "element" cannot be sent as JSON: it cannot be encoded
ValueError: Parameter "element" cannot be sent as JSON: it contains invalid UTF-8
Vtws\encode(): Argument #1 ($params) must have parameter names as keys
