<?php

function vtws_registry_required($text, $extra, $user)
{
    return ['text' => $text, 'extra' => $extra];
}
