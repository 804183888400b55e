<?php

// The signature of the tutorial's handler: its first parameter is $portal_language, while the
// tutorial registers the parameter as "language".
function vtws_gettranslation($portal_language, $module, $totranslate, $user)
{
    return ['language' => $portal_language, 'module' => $module, 'labels' => $totranslate];
}
