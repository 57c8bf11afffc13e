/**
 * Leaflet with its stylesheet, as one module the maps import dynamically: the library and
 * its CSS stay out of the main bundle and load the first time a map is on screen.
 * @module
 */
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export { L };
