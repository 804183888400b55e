<?php

declare(strict_types=1);

namespace Vtws\TestServer\Operations;

use Vtws\TestServer\Context;
use Vtws\TestServer\Errors;
use Vtws\TestServer\FatalFailure;

/**
 * sync (include/Webservices/GetUpdates.php, patched so its last parameters are optional):
 * per-user changes since a Unix time, paged by modifiedtime.
 */
final class Sync
{
    private const PAGE = 100;

    public function __construct(private readonly Context $ctx)
    {
    }

    public function sync(?string $modifiedTime, ?string $elementType, ?array $user): array
    {
        // Without elementType the Emails part selects a column from a table it never joins (SQL
        // error, uncaught); a non-numeric time is a TypeError in date() on PHP 8. Both: HTTP 500.
        if ($elementType === null || $modifiedTime === null || !is_numeric($modifiedTime)) {
            throw new FatalFailure();
        }
        $meta = $this->ctx->meta;
        if (!$meta->isKnownType($elementType) || !$meta->hasModule($elementType) || $elementType === 'Users') {
            throw Errors::accessDenied();
        }
        return $this->page($elementType, (int) $modifiedTime, (int) $user['id']);
    }

    private function page(string $module, int $since, int $owner): array
    {
        $store = $this->ctx->store;
        $first = $store->changedSince($module, $owner, $since, null, self::PAGE);
        if ($first === []) {
            return ['updated' => [], 'deleted' => [], 'more' => false, 'lastModifiedTime' => $since];
        }
        // Every record sharing the last second of the page comes along, so a page can exceed 100.
        $last = max(array_column($first, 'mtime'));
        $updated = [];
        $deleted = [];
        foreach ($store->changedSince($module, $owner, $since, $last, PHP_INT_MAX) as $record) {
            if ($record['deleted'] !== 0 || $record['converted'] !== 0) {
                $deleted[] = $this->ctx->view->wsId($record);
            } else {
                $updated[] = $this->ctx->view->row($record);
            }
        }
        return ['updated' => $updated, 'deleted' => $deleted, 'more' => $store->hasChangesAfter($module, $owner, $last),
            'lastModifiedTime' => $last];
    }
}
