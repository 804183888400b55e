--TEST--
Vtws\bind() of an empty statement returns an empty string and the process ends cleanly
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

// The empty result must be a string PHP may release like any other.
$bound = Vtws\bind('', []);
var_dump($bound);
unset($bound);
var_dump(Vtws\bind('', []) === '');
echo "done\n";
?>
--EXPECT--
string(0) ""
bool(true)
done
