--TEST--
Sync Connector: the value language (tokens, literals, format chains)
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--INI--
date.timezone=Asia/Tokyo
--FILE--
<?php
declare(strict_types=1);

use Vtws\Sync\Connector;

$context = ['token' => 1714521600, 'syncmodule' => 'companies', 'now' => 1714600000,
    'config' => ['apikey' => 'k-123'], 'record' => ['fields' => ['a' => 1], 'name' => 'x'],
    'recordId' => 'pe_40', 'records' => [['id' => 1]], 'id' => 'co_81', 'response' => ['items' => []]];

$cases = [
    '@lastsynctoken', '@lastsynctoken:M', '@lastsynctoken:T', '@lastsynctime', '@lastsynctime:M',
    '@lastsynctime:T', '@lastsynctoken:M|string', '@syncmodule', '@currenttime', '@id', '@records',
    '@record', '@record:fields', '@record:fields.a', '@record:id', '@record:missing', '@response',
    '$config.$fields.apikey', '$config.$fields.unset', '$config.$fields.apikey|prefix:Bearer ',
    'Bearer @x', 'plain literal ', '',
    '11.000|int', '21.000|int', '3.5|float', 'a, b|separate:,', 'a,b|separate:,|json', '|separate:,',
    "x|wrap:'", 'x|prefix:+', 'x|suffix:+', 'a;b|separate:;|join:;', ' x |trim', '5|array', 'x|aray',
    '2024-05-01T00:00:00Z|timestamp', '2024-05-01 09:30:00|timestamp', '2024-05-01T09:30:00+09:00|timestamp',
    'not a date|timestamp', '1714521600|timestamp', '1714521600|dateformat:Y-m-d H:i:s',
    '2024-05-01 09:30|dateformat:Y-m-d\TH:i', '|dateformat:Y', '@lastsynctoken|dateformat:D, d M Y',
    '@record|array_values|json', '@record|json', '@record|string', '@lastsynctoken|string|suffix:Z',
];
foreach ($cases as $expression) {
    echo str_pad($expression, 42), ' => ', json_encode(Connector::evaluate($expression, $context),
        JSON_UNESCAPED_SLASHES), "\n";
}
echo json_encode(Connector::evaluate('@record|join:;', ['record' => ['a', 'b']])), "\n";
echo json_encode(Connector::evaluate('@record|array_values', ['record' => ['p' => 1, 'q' => 2]])), "\n";
echo json_encode(Connector::evaluate('@record|trim', ['record' => [' a ', 'b ']])), "\n";
echo date_default_timezone_get(), "\n";

foreach (['x|shout', '@nope', '$config.$fields.bad-name', 'x|prefix', 'x|separate:'] as $bad) {
    try {
        Connector::evaluate($bad);
    } catch (Vtws\Sync\LoadException $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    Connector::evaluate('@x', ['colour' => 1]);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
@lastsynctoken                             => 1714521600
@lastsynctoken:M                           => 1714521600000
@lastsynctoken:T                           => "2024-05-01T00:00:00"
@lastsynctime                              => 1714521600
@lastsynctime:M                            => 1714521600000
@lastsynctime:T                            => "2024-05-01T00:00:00"
@lastsynctoken:M|string                    => "1714521600000"
@syncmodule                                => "companies"
@currenttime                               => 1714600000
@id                                        => "co_81"
@records                                   => [{"id":1}]
@record                                    => {"fields":{"a":1},"name":"x"}
@record:fields                             => {"a":1}
@record:fields.a                           => 1
@record:id                                 => "pe_40"
@record:missing                            => null
@response                                  => {"items":[]}
$config.$fields.apikey                     => "k-123"
$config.$fields.unset                      => ""
$config.$fields.apikey|prefix:Bearer       => "Bearer k-123"
Bearer @x                                  => "Bearer @x"
plain literal                              => "plain literal "
                                           => ""
11.000|int                                 => 11
21.000|int                                 => 21
3.5|float                                  => 3.5
a, b|separate:,                            => ["a"," b"]
a,b|separate:,|json                        => "[\"a\",\"b\"]"
|separate:,                                => []
x|wrap:'                                   => "'x'"
x|prefix:+                                 => "+x"
x|suffix:+                                 => "x+"
a;b|separate:;|join:;                      => "a;b"
 x |trim                                   => "x"
5|array                                    => ["5"]
x|aray                                     => ["x"]
2024-05-01T00:00:00Z|timestamp             => 1714521600
2024-05-01 09:30:00|timestamp              => 1714555800
2024-05-01T09:30:00+09:00|timestamp        => 1714523400
not a date|timestamp                       => ""
1714521600|timestamp                       => 1714521600
1714521600|dateformat:Y-m-d H:i:s          => "2024-05-01 00:00:00"
2024-05-01 09:30|dateformat:Y-m-d\TH:i     => "2024-05-01T09:30"
|dateformat:Y                              => ""
@lastsynctoken|dateformat:D, d M Y         => "Wed, 01 May 2024"
@record|array_values|json                  => "[{\"a\":1},\"x\"]"
@record|json                               => "{\"fields\":{\"a\":1},\"name\":\"x\"}"
@record|string                             => "{\"fields\":{\"a\":1},\"name\":\"x\"}"
@lastsynctoken|string|suffix:Z             => "1714521600Z"
"a;b"
[1,2]
["a","b"]
Asia/Tokyo
unknown format "shout"
unknown token "@nope"
invalid config field name in "$config.$fields.bad-name"
format "prefix" needs an argument (prefix:...)
format "separate" needs an argument (separate:...)
Vtws\Sync\Connector::evaluate(): Argument #2 ($context) unknown context key "colour"; known keys: token, now, syncmodule, records, record, recordId, id, response, config
