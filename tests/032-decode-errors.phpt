--TEST--
Vtws\decode() errors: the byte offset and the reason; damaged bodies rejected exactly when json_decode rejects them
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

foreach ([
    '{"a":"x","b":"\\ud800"}', "[\"ok\",\"bad \xC0\xAF\"]", "[\"a\x02\"]", '{"a":01}', '[1,2] [3]',
    '{"a":"b"', '{"a":"b', "[\"\xE2\x82", '{"a":tru', str_repeat('{"a":', 600), "\xEF\xBB\xBF{}",
] as $json) {
    try {
        Vtws\decode($json);
        echo "accepted\n";
    } catch (Vtws\ProtocolException $e) {
        printf("%d: %s\n", $e->getOffset(), substr($e->getMessage(), 0, strpos($e->getMessage(), ' (body') ?: null));
    }
}

// Damaged copies of a typical answer: cut, a byte changed, a byte dropped or doubled.
mt_srand(8259);
$body = json_encode(['success' => true, 'result' => [
    ['id' => '12x4', 'firstname' => 'Ærøskøbing', 'lastname' => "O'Brien \"Jr\"", 'n' => 12.5, 'k' => [1, 2, null]],
    ['id' => '12x5', 'firstname' => '山田', 'lastname' => 'Smith/Jones', 'n' => -7, 'k' => ['0' => true]],
]]);
$alphabet = "\"\\{}[],:0123456789-+.eEtrufalsn \t\n\x00\x1f\x7f\x80\xBF\xC3\xE2\xED\xF0\xF4\xFF";
$agree = 0;
for ($i = 0; $i < 400; $i++) {
    $at = mt_rand(0, strlen($body) - 1);
    $damaged = match ($i % 4) {
        0 => substr($body, 0, $at),
        1 => substr_replace($body, $alphabet[mt_rand(0, strlen($alphabet) - 1)], $at, 1),
        2 => substr_replace($body, '', $at, 1),
        3 => substr_replace($body, $body[$at], $at, 0),
    };
    $expected = json_decode($damaged, true);
    $accepted = json_last_error() === JSON_ERROR_NONE;
    try {
        $same = Vtws\decode($damaged) === $expected && $accepted;
    } catch (Vtws\ProtocolException $e) {
        $same = !$accepted && $e->getOffset() >= 0 && $e->getOffset() <= strlen($damaged);
    }
    if ($same) {
        $agree++;
    } else {
        echo "disagree on ", json_encode(bin2hex($damaged)), "\n";
    }
}
echo "agree $agree\n";
?>
--EXPECT--
13: decode: invalid JSON at byte 13: malformed UTF-8 or UTF-16
6: decode: invalid JSON at byte 6: malformed UTF-8 or UTF-16
1: decode: invalid JSON at byte 1: unexpected control character
6: decode: invalid JSON at byte 6: syntax error
6: decode: invalid JSON at byte 6: syntax error
8: decode: invalid JSON at byte 8: the body ends early (truncated?)
7: decode: invalid JSON at byte 7: the body ends early (truncated?)
4: decode: invalid JSON at byte 4: the body ends early (truncated?)
5: decode: invalid JSON at byte 5: syntax error
2555: decode: invalid JSON at byte 2555: nesting deeper than 512 levels
0: decode: invalid JSON at byte 0: syntax error
agree 400
