<?php

declare(strict_types=1);

namespace Vtws\Tests\Sync;

/** A private temporary directory, removed with everything in it. */
final class TempDir
{
    private readonly string $root;

    public function __construct(string $prefix)
    {
        $this->root = sys_get_temp_dir() . '/' . $prefix . '-' . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($this->root, 0700);
    }

    public function path(string $name): string
    {
        return $name === '' ? $this->root : $this->root . '/' . $name;
    }

    public function remove(): void
    {
        self::removeTree($this->root);
    }

    private static function removeTree(string $path): void
    {
        if (is_dir($path) && !is_link($path)) {
            foreach (scandir($path) ?: [] as $entry) {
                if ($entry !== '.' && $entry !== '..') {
                    self::removeTree($path . '/' . $entry);
                }
            }
            @rmdir($path);
            return;
        }
        @unlink($path);
    }
}
