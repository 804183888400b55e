--TEST--
Vtws\decode(): arrays sized to their members behave like json_decode()'s when a script extends, copies, sorts or converts them
--SKIPIF--
<?php if (!extension_loaded('vtws')) die('skip vtws not loaded'); ?>
--FILE--
<?php
declare(strict_types=1);

$problems = [];
foreach ([0, 1, 7, 8, 9, 15, 17, 24, 25, 49, 57, 63, 65, 100, 129, 302, 513] as $n) {
    $row = [];
    for ($i = 0; $i < $n; $i++) {
        $row["f$i"] = "v$i";
    }
    $json = json_encode([$row, array_values($row)]);
    [$ours, $list] = Vtws\decode($json);
    [$theirs, $theirList] = json_decode($json, true);
    if ([$ours, $list] !== [$theirs, $theirList]) {
        $problems[] = "$n: decoded";
    }
    // Grown well past several doublings, with holes and integer keys.
    for ($i = 0; $i < 3 * $n + 20; $i++) {
        $ours["g$i"] = $i;
        $theirs["g$i"] = $i;
    }
    for ($i = 0; $i < $n; $i += 3) {
        unset($ours["f$i"], $theirs["f$i"]);
    }
    $ours[] = 'next';
    $theirs[] = 'next';
    $ours[5] = 'five';
    $theirs[5] = 'five';
    if ($ours !== $theirs) {
        $problems[] = "$n: grown";
    }
    foreach ($theirs as $key => $value) {
        if (!array_key_exists($key, $ours) || $ours[$key] !== $value) {
            $problems[] = "$n: lookup of $key";
            break;
        }
    }
    // A list that becomes a hash, then grows.
    $list['x'] = 1;
    $theirList['x'] = 1;
    for ($i = 0; $i < 2 * $n; $i++) {
        $list["h$i"] = $i;
        $theirList["h$i"] = $i;
    }
    if ($list !== $theirList || ($n > 0 && $list['h0'] !== 0)) {
        $problems[] = "$n: list to hash";
    }
    // Copies, sorts, objects, serialisation.
    [$fresh] = Vtws\decode($json);
    $sorted = $fresh;
    sort($sorted);
    $sorted[] = 'x';
    $sorted['k'] = 1;
    $expected = array_values($row);
    sort($expected);
    $expected[] = 'x';
    $expected['k'] = 1;
    $object = (object) $fresh;
    $object->added = 1;
    if ($sorted !== $expected || (array) $object !== $row + ['added' => 1]
        || unserialize(serialize($fresh)) !== $row || array_merge($fresh, ['q' => 1]) !== $row + ['q' => 1]) {
        $problems[] = "$n: copies";
    }
}
echo $problems ? implode("\n", $problems) : 'same', "\n";
?>
--EXPECT--
same
