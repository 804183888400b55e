--TEST--
Vtws\decode() calls a body cut inside a string literal truncated, not a control character
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

// A response cut off by the network ends wherever the bytes stopped, often inside a string.
foreach (['{"a":"abc', '["x","yy', '{"success":true,"result":{"lastname":"O\'Brien-Sm'] as $json) {
    try {
        Vtws\decode($json);
        echo "decoded\n";
    } catch (Vtws\ProtocolException $e) {
        printf("offset in body: %s, says truncated: %s\n",
            var_export($e->getOffset() > 0 && $e->getOffset() <= strlen($json), true),
            var_export(str_contains($e->getMessage(), 'truncated'), true));
    }
}
?>
--EXPECT--
offset in body: true, says truncated: true
offset in body: true, says truncated: true
offset in body: true, says truncated: true
